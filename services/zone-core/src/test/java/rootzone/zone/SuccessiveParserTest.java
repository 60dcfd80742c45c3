package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class SuccessiveParserTest {

    private static final String HEAD = ". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. %d 1800 900 604800 86400\n"
            + ". 518400 IN NS a.root-servers.net.\n"
            + "a.root-servers.net. 518400 IN A 198.41.0.4\n";

    private static byte[] zone(long serial, String... lines) {
        StringBuilder b = new StringBuilder(String.format(HEAD, serial));
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void sameAsWholeParse(SuccessiveParser.Parsed p, byte[] text, Zone before) throws Exception {
        Zone whole = ZoneParser.parse(text, Name.root, "whole");
        assertEquals(whole, p.zone(), "the same zone as a whole parse");
        ZoneDiff expected = ZoneDiff.between(before == null ? Zone.of(Name.root, List.of()) : before, whole);
        assertEquals(expected.removed(), p.diff().removed());
        assertEquals(expected.added(), p.diff().added());
        assertEquals(expected.removed().stream().map(r -> r.getTTL()).toList(), p.diff().removed().stream().map(r -> r.getTTL()).toList());
        assertEquals(expected.toSerial(), p.diff().toSerial());
    }

    @Test
    void onlyChangedLinesAreParsedAndTheResultIsTheWholeParse() throws Exception {
        SuccessiveParser parser = new SuccessiveParser(Name.root, ZoneLimits.defaults());
        byte[] v1 = zone(1, "com. 172800 IN NS a.gtld-servers.net.", "org. 172800 IN NS a0.org.afilias-nst.info.");
        SuccessiveParser.Parsed p1 = parser.next(v1, "v1");
        assertFalse(p1.incremental(), "the first version is parsed whole");
        sameAsWholeParse(p1, v1, null);
        // A TTL change (removed and added again), a removal, an addition, lines reordered, a comment.
        byte[] v2 = zone(2, "; a comment", "net. 172800 IN NS a.gtld-servers.net.", "com. 86400 IN NS a.gtld-servers.net.");
        SuccessiveParser.Parsed p2 = parser.next(v2, "v2");
        assertTrue(p2.incremental());
        sameAsWholeParse(p2, v2, p1.zone());
        byte[] v3 = zone(3, "net. 172800 IN NS a.gtld-servers.net.", "com. 86400 IN NS a.gtld-servers.net.");
        SuccessiveParser.Parsed p3 = parser.next(v3, "v3");
        assertTrue(p3.incremental());
        sameAsWholeParse(p3, v3, p2.zone());
        assertEquals(1, p3.diff().removed().size(), "only the SOA changed");
    }

    @Test
    void linesThatLeanOnEarlierOnesAreParsedWhole() throws Exception {
        SuccessiveParser parser = new SuccessiveParser(Name.root, ZoneLimits.defaults());
        parser.next(zone(1, "com. 172800 IN NS a.gtld-servers.net."), "v1");
        // An owner inherited from the line before, a missing TTL, a relative owner, a duplicate record: whole parses.
        for (byte[] next : List.of(zone(2, "com. 172800 IN NS a.gtld-servers.net.", "  172800 IN NS b.gtld-servers.net."),
                zone(3, "com. IN NS a.gtld-servers.net."), zone(4, "com 172800 IN NS a.gtld-servers.net."),
                zone(5, "com. 172800 IN NS a.gtld-servers.net.", "COM. 172800 IN NS a.gtld-servers.net."),
                zone(6, "$TTL 3600", "com. 172800 IN NS a.gtld-servers.net."))) {
            SuccessiveParser.Parsed p = parser.next(next, "v");
            assertEquals(ZoneParser.parse(next, Name.root, "whole"), p.zone());
        }
    }

    @Test
    void limitsHoldAndBadLinesAreLocated() throws Exception {
        SuccessiveParser parser = new SuccessiveParser(Name.root, new ZoneLimits(10_000, 4, 10, 10));
        parser.next(zone(1, "com. 172800 IN NS a.gtld-servers.net."), "v1");
        assertThrows(ZoneTooLargeException.class, () -> parser.next(zone(2, "com. 172800 IN NS a.gtld-servers.net.",
                "org. 172800 IN NS a.gtld-servers.net."), "v2"));
        ZoneException bad = assertThrows(ZoneException.class, () -> parser.next(zone(3, "com. 172800 IN A 300.1.1.1"), "v3"));
        assertTrue(bad.getMessage().contains("v3"), bad.getMessage());
    }
}
