package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** A large file parsed in parts side by side gives exactly what one parse of it gives. */
class ZoneParserPartsTest {

    /**
     * One block of lines, repeated with other owners: lines that may start a part, and lines that
     * look as if they could but are read inside parentheses, after an escaped newline, or inherit an
     * owner or a TTL from the line before.
     */
    static String block(int k) {
        return String.join("\n",
                "a" + k + ". 3600 IN TXT ( \"x\"",
                "b" + k + ". 3600 IN A )",                              // inside the parentheses: TXT strings
                "c" + k + ". 3600 IN TXT abc\\",
                "d" + k + ". 3600 IN TXT def",                          // after an escaped newline: still c's TXT
                "e" + k + ". 3600 IN A 192.0.2.1 ; a comment ( that opens nothing",
                "f" + k + ". 3600 IN TXT \"( ; in quotes\"",
                "g" + k + ". 3600 IN A 192.0.2.2",
                "    7200 IN AAAA 2001:db8::2",                         // g's owner, inherited
                "h" + k + ". IN A 192.0.2.3",                           // g's AAAA TTL, inherited
                "; a comment line",
                "",
                "i" + k + ". 3600 IN NS ns.i" + k + ".",
                "ns.i" + k + ". 3600 IN A 192.0.2.4") + "\n";
    }

    static byte[] file(int blocks) {
        StringBuilder text = new StringBuilder(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2026120600 1800 900 604800 86400\n");
        for (int k = 0; k < blocks; k++) {
            text.append(block(k));
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyCutGivesTheSameZoneAsOneParse() throws Exception {
        byte[] text = file(40);
        Zone whole = ZoneParser.parse(text, Name.root, "t", ZoneLimits.defaults(), 1, 0);
        assertEquals(1 + 40 * 9, whole.size());
        for (int parts = 2; parts <= 60; parts++) {
            ZoneParser.Split split = ZoneParser.Split.of(text, parts);
            assertNotNull(split, parts + " parts");
            assertTrue(split.parts() >= 2, parts + " parts");
            for (int i = 1; i < split.parts(); i++) {
                String line = lineAt(text, split.offsets()[i]);
                assertTrue(line.matches("[acefgi][0-9]+\\. 3600 IN .*") || line.matches("ns\\.i[0-9]+\\. .*"),
                        "a cut where a record starts afresh: " + line);
            }
            Zone inParts = ZoneParser.parse(text, Name.root, "t", ZoneLimits.defaults(), parts, 0);
            assertEquals(texts(whole), texts(inParts), parts + " parts");
            for (Record r : whole.records()) {
                assertEquals(whole.lineOf(r), inParts.lineOf(inParts.rrset(r.getName(), r.getType()).first()), parts + " parts: " + r);
            }
        }
    }

    @Test
    void aDirectiveKeepsTheFileWhole() throws Exception {
        byte[] text = (new String(file(10), StandardCharsets.ISO_8859_1) + "$TTL 300\nz. IN A 192.0.2.9\n" + block(99))
                .getBytes(StandardCharsets.ISO_8859_1);
        assertNull(ZoneParser.Split.of(text, 4));
        Zone zone = ZoneParser.parse(text, Name.root, "t", ZoneLimits.defaults(), 4, 0);
        assertEquals(300, zone.rrset(Name.fromString("z."), org.xbill.DNS.Type.A).first().getTTL());
    }

    @Test
    void anErrorInALaterPartNamesItsLineInTheFile() {
        String good = new String(file(40), StandardCharsets.ISO_8859_1);
        int line = (int) good.chars().filter(c -> c == '\n').count() + 1;
        byte[] text = (good + "bad. 3600 IN A 192.0.2.300\n" + block(77)).getBytes(StandardCharsets.ISO_8859_1);
        ZoneException one = assertThrows(ZoneException.class, () -> ZoneParser.parse(text, Name.root, "t", ZoneLimits.defaults(), 1, 0));
        ZoneException parts = assertThrows(ZoneException.class, () -> ZoneParser.parse(text, Name.root, "t", ZoneLimits.defaults(), 8, 0));
        assertEquals(line, one.line());
        assertEquals(one.line(), parts.line());
        assertEquals(one.getMessage(), parts.getMessage());
    }

    @Test
    void theRecordLimitCountsEveryPart() {
        byte[] text = file(40);
        ZoneLimits limits = new ZoneLimits(ZoneLimits.DEFAULT_MAX_BYTES, 200, 0, 0);
        ZoneTooLargeException one = assertThrows(ZoneTooLargeException.class, () -> ZoneParser.parse(text, Name.root, "t", limits, 1, 0));
        ZoneTooLargeException parts = assertThrows(ZoneTooLargeException.class, () -> ZoneParser.parse(text, Name.root, "t", limits, 8, 0));
        assertEquals(one.getMessage(), parts.getMessage());
    }

    private static List<String> texts(Zone zone) {
        List<String> out = new ArrayList<>();
        for (Record r : zone.records()) {
            out.add(r.toString());
        }
        return out;
    }

    private static String lineAt(byte[] text, int from) {
        int end = from;
        while (end < text.length && text[end] != '\n') {
            end++;
        }
        return new String(text, from, end - from, StandardCharsets.ISO_8859_1);
    }
}
