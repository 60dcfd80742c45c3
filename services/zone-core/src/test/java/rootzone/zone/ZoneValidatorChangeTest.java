package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import rootzone.zone.ZoneProblem.Code;

/**
 * ZoneValidator.validateChange finds exactly what validate finds, in the same order, for a version made
 * from a good one by a delta: the problems a change causes away from the owners it touches included
 * (glue taken from an unchanged delegation, a cut added above data, a sibling's name server left without
 * its cut), and for random deltas.
 */
class ZoneValidatorChangeTest {

    /** A good zone: in-bailiwick glue, a name server below a sibling cut, DS, a CNAME, data below the apex. */
    private static final List<String> GOOD = List.of(
            "$ORIGIN example.",
            "$TTL 3600",
            "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600",
            "@ NS ns1",
            "@ NS ns.a",
            "ns1 A 192.0.2.1",
            "a NS ns.a",
            "a DS 1 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
            "ns.a A 192.0.2.53",
            "b NS ns.a",
            "b NS ns2.c",
            "b NS ns3.c",
            "c NS ns2.c",
            "ns2.c AAAA 2001:db8::53",
            "d NS ns.elsewhere.test.",
            "e NS ns1",
            "www A 192.0.2.2",
            "x.www A 192.0.2.3",
            "x.www TXT \"below www\"",
            "alias CNAME www");

    @Test
    void theBaseIsGood() throws Exception {
        assertEquals(List.of(), ZoneValidator.validate(zone(GOOD)));
    }

    @Test
    void aChangeFindsWhatTheWholeZoneFinds() throws Exception {
        assertChange(List.of(), "+ txt TXT \"harmless\"");
        assertChange(List.of(Code.MISSING_GLUE, Code.MISSING_GLUE), "- ns.a A 192.0.2.53"); // the apex's and a's, both unchanged
        assertChange(List.of(Code.MISSING_ADDRESS), "- c NS ns2.c"); // b's ns3.c, no longer below a cut
        assertChange(List.of(Code.OCCLUDED_DATA), "+ www NS ns.elsewhere.test."); // x.www's TXT, unchanged, now below a cut
        assertChange(List.of(Code.MISSING_ADDRESS, Code.MISSING_ADDRESS), "- ns1 A 192.0.2.1"); // the apex's and e's
        assertChange(List.of(Code.CNAME_AND_OTHER_DATA), "+ alias TXT \"beside a CNAME\"");
        assertChange(List.of(Code.TTL_MISMATCH), "+ www 60 A 192.0.2.9");
        assertChange(List.of(Code.DS_NOT_AT_DELEGATION), "- a NS ns.a");
        assertChange(List.of(Code.OUT_OF_ZONE), "+ www.other.test. A 192.0.2.4");
        assertChange(List.of(Code.NO_APEX_NS), "- @ NS ns1", "- @ NS ns.a");
        assertChange(List.of(), "- www NS ns.elsewhere.test."); // nothing of the kind there: removes nothing
    }

    @Test
    void randomDeltasFindWhatTheWholeZoneFinds() throws Exception {
        Random random = new Random(20261207L);
        List<String> base = new ArrayList<>(GOOD.subList(0, 3));
        base.add("@ NS ns1");
        base.add("ns1 A 192.0.2.1");
        for (int i = 0; i < 60; i++) {
            base.add("d" + i + " NS ns.d" + i);
            base.add("ns.d" + i + " A 192.0.2." + (i + 10));
            if (i % 3 == 0) {
                base.add("d" + i + " NS ns.d" + (i + 1)); // below a sibling cut: no glue needed
            }
            if (i % 4 == 0) {
                base.add("d" + i + " DS " + i + " 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF");
            }
            base.add("w" + i + " A 192.0.2." + (i + 100));
            base.add("x.w" + i + " AAAA 2001:db8::" + i);
            if (i % 5 == 0) {
                base.add("c" + i + " CNAME w" + i);
            }
        }
        assertEquals(List.of(), ZoneValidator.validate(zone(base)));
        int found = 0;
        for (int round = 0; round < 300; round++) {
            List<String> changes = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                if (random.nextBoolean()) {
                    changes.add("- " + base.get(4 + random.nextInt(base.size() - 4)));
                } else {
                    String name = switch (random.nextInt(4)) {
                        case 0 -> "d" + random.nextInt(60);
                        case 1 -> "w" + random.nextInt(60);
                        case 2 -> "x.w" + random.nextInt(60);
                        default -> "ns.d" + random.nextInt(60);
                    };
                    changes.add("+ " + name + " " + switch (random.nextInt(6)) {
                        case 0 -> "NS ns.d" + random.nextInt(60);
                        case 1 -> "NS ns.elsewhere.test.";
                        case 2 -> "60 A 192.0.2." + random.nextInt(250);
                        case 3 -> "CNAME w" + random.nextInt(60);
                        case 4 -> "DS 7 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF";
                        default -> "TXT \"t\"";
                    });
                }
            }
            List<ZoneProblem> whole = assertSame(base, changes);
            found += whole.isEmpty() ? 0 : 1;
        }
        assertTrue(found > 60, "most random deltas break something, so both walks are put to the test: " + found);
    }

    @Test
    void realRootZoneVersionsCheckedByTheirChange() throws Exception {
        Zone before = ZoneParser.parse(RootZoneHistory.version(0), org.xbill.DNS.Name.root);
        assertEquals(List.of(), ZoneValidator.validate(before));
        for (int i = 1; i <= 8; i++) {
            Zone parsed = ZoneParser.parse(RootZoneHistory.version(i), org.xbill.DNS.Name.root);
            Zone after = ZoneDiff.between(before, parsed).applyTo(before);
            assertEquals(ZoneValidator.validate(after), ZoneValidator.validateChange(before, after), "version " + i);
            // and a change that breaks what it does not touch: a.root-servers.net's glue removed
            Zone broken = new ZoneDiff(after.serial(), after.serial(), addresses(after, "a.root-servers.net."), List.of())
                    .applyTo(after);
            List<ZoneProblem> whole = ZoneValidator.validate(broken);
            assertEquals(List.of(Code.MISSING_GLUE), whole.stream().map(ZoneProblem::code).distinct().toList()); // the apex NS, below net.
            assertEquals(whole, ZoneValidator.validateChange(after, broken));
            before = after;
        }
    }

    private static List<org.xbill.DNS.Record> addresses(Zone zone, String name) throws Exception {
        org.xbill.DNS.Name n = org.xbill.DNS.Name.fromString(name);
        List<org.xbill.DNS.Record> out = new ArrayList<>();
        for (RRset set : zone.rrsetsAt(n)) {
            if (set.type() == org.xbill.DNS.Type.A || set.type() == org.xbill.DNS.Type.AAAA) {
                out.addAll(set.records());
            }
        }
        out.sort(null);
        return out;
    }

    /** Applies the changes ("+ line" / "- line") to GOOD and checks both walks find {@code codes}. */
    private static void assertChange(List<Code> codes, String... changes) throws Exception {
        List<ZoneProblem> whole = assertSame(GOOD, List.of(changes));
        assertEquals(codes, whole.stream().map(ZoneProblem::code).toList(), whole.toString());
    }

    /** validateChange and validate agree on base + changes (the serial raised), made from base by its delta. */
    private static List<ZoneProblem> assertSame(List<String> base, List<String> changes) throws Exception {
        List<String> lines = new ArrayList<>(base);
        lines.set(2, lines.get(2).replace(" 1 7200", " 2 7200"));
        for (String c : changes) {
            String line = c.substring(2);
            if (c.startsWith("-")) {
                lines.remove(line);
            } else if (!lines.contains(line)) {
                lines.add(line);
            }
        }
        Zone before = zone(base);
        Zone after;
        try {
            after = ZoneDiff.between(before, zone(lines)).applyTo(before);
        } catch (ZoneException unparsable) {
            return List.of(); // e.g. a CNAME added twice: the parser's to refuse, not the validator's
        }
        assertFalse(after.changedOwners(before).isEmpty());
        List<ZoneProblem> whole = ZoneValidator.validate(after);
        assertEquals(whole, ZoneValidator.validateChange(before, after), String.join(", ", changes));
        return whole;
    }

    private static Zone zone(List<String> lines) throws ZoneException {
        return ZoneTest.parse(String.join("\n", lines) + "\n");
    }
}
