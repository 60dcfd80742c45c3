package rootzone.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneLimits;
import rootzone.zone.ZoneParser;

/**
 * zone-core SuccessiveParser on real root zone files (the history bundle): every version after the
 * first is parsed from its changed lines only, and is exactly the zone (records, TTLs) and the delta a
 * whole parse gives. Skipped, saying so, without the shared history.
 */
class SuccessiveParserRealHistoryTest {

    @Test
    void changedLinesGiveTheSameZonesAndDeltasAsWholeParses() throws Exception {
        Path bundle = BundleArchiveTest.realHistory();
        try (ZoneArchive archive = ZoneArchive.open(bundle, null)) {
            List<ArchiveEntry> first = archive.entries().subList(0, 25);
            SuccessiveParser parser = new SuccessiveParser(Name.root, ZoneLimits.defaults());
            Zone[] before = {null};
            int[] incremental = {0};
            archive.read(first, (entry, text) -> {
                SuccessiveParser.Parsed p = parser.next(text, entry.origin());
                Zone whole = ZoneParser.parse(text, Name.root, entry.origin());
                assertEquals(whole, p.zone(), entry.origin());
                if (before[0] != null) {
                    ZoneDiff expected = ZoneDiff.between(before[0], whole);
                    assertEquals(expected.removed(), p.diff().removed(), entry.origin() + " removed");
                    assertEquals(expected.added(), p.diff().added(), entry.origin() + " added");
                    assertEquals(expected.added().stream().map(r -> r.getTTL()).toList(),
                            p.diff().added().stream().map(r -> r.getTTL()).toList(), entry.origin() + " TTLs");
                    incremental[0] += p.incremental() ? 1 : 0;
                }
                before[0] = p.zone();
            });
            assertEquals(first.size() - 1, incremental[0], "root zone files qualify: every later version parsed from its changed lines");
        }
    }
}
