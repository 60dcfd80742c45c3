package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ZoneParserTest {

    // Line numbers matter below: each record's comment says the line it starts on.
    static final String ZONE = String.join("\n",
            "; a comment line",                                              // 1
            "$ORIGIN example.",                                              // 2
            "$TTL 3600",                                                     // 3
            "@ IN SOA ns1 hostmaster (",                                     // 4  SOA
            "        2024010101 ; serial ( not a paren",                     // 5
            "        7200 3600 1209600 3600 )",                              // 6
            "",                                                              // 7
            "  NS ns1",                                                      // 8  NS, owner inherited
            "ns1 A 192.0.2.1",                                               // 9
            "txt TXT \"semi ; colon ( paren\" \"two\"",                      // 10
            "esc\\(aped TXT \"x\"",                                          // 11
            "multi TXT ( \"a\"",                                             // 12
            "  \"b\"",                                                       // 13
            "  )",                                                           // 14
            "$GENERATE 1-3 host$ A 192.0.2.$",                               // 15
            "last AAAA 2001:db8::1");                                        // 16 (no newline at the end)

    @Test
    void remembersTheLineEachRecordStartsOn() throws Exception {
        Zone zone = ZoneParser.parse(ZONE.getBytes(StandardCharsets.US_ASCII), null, "t");
        assertEquals(Name.fromString("example."), zone.origin());
        assertEquals(4, line(zone, "example.", Type.SOA));
        assertEquals(8, line(zone, "example.", Type.NS));
        assertEquals(9, line(zone, "ns1.example.", Type.A));
        assertEquals(10, line(zone, "txt.example.", Type.TXT));
        assertEquals(11, line(zone, "esc\\(aped.example.", Type.TXT));
        assertEquals(12, line(zone, "multi.example.", Type.TXT));
        assertEquals(15, line(zone, "host1.example.", Type.A));
        assertEquals(15, line(zone, "host3.example.", Type.A));
        assertEquals(16, line(zone, "last.example.", Type.AAAA));
        assertEquals(2024010101L, zone.serial());
    }

    @Test
    void gzipIsReadTransparently() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(ZONE.getBytes(StandardCharsets.US_ASCII));
        }
        Zone plain = ZoneParser.parse(ZONE.getBytes(StandardCharsets.US_ASCII), null, "t");
        Zone zipped = ZoneParser.parse(bytes.toByteArray(), null, "t.gz");
        assertEquals(plain, zipped);
        assertEquals(12, line(zipped, "multi.example.", Type.TXT));
    }

    @Test
    void badRdataFailsWithItsLine() {
        String text = "$ORIGIN example.\n@ 3600 IN SOA ns1 h 1 2 3 4 5\n@ 3600 NS ns1\n\nns1 3600 A 192.0.2.300\n";
        ZoneException e = assertThrows(ZoneException.class,
                () -> ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), null, "bad.zone"));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().startsWith("bad.zone:5: "), e.getMessage());
    }

    @Test
    void unknownTypeFailsWithItsLine() {
        String text = "$ORIGIN example.\n@ 3600 IN SOA ns1 h 1 2 3 4 5\n@ 3600 IN BOGUS foo\n";
        ZoneException e = assertThrows(ZoneException.class,
                () -> ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), null, "bad.zone"));
        assertEquals(3, e.line());
    }

    @Test
    void includeIsRefused() {
        String text = "$ORIGIN example.\n@ 3600 IN SOA ns1 h 1 2 3 4 5\n$INCLUDE /etc/passwd\n";
        ZoneException e = assertThrows(ZoneException.class,
                () -> ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), null, "inc.zone"));
        assertEquals(3, e.line());
    }

    @Test
    void noSoaAndNoOriginIsAnError() {
        ZoneException e = assertThrows(ZoneException.class,
                () -> ZoneParser.parse("a.example. 60 IN A 192.0.2.1\n".getBytes(StandardCharsets.US_ASCII), null, "x"));
        assertTrue(e.getMessage().contains("no SOA"), e.getMessage());
    }

    @Test
    void duplicatesAreDroppedKeepingTheFirstLine() throws Exception {
        String text = "$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nns1 60 A 192.0.2.1\nNS1 60 A 192.0.2.1\n";
        Zone zone = ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), null, "x");
        assertEquals(2, zone.size());
        assertEquals(3, line(zone, "ns1.example.", Type.A));
    }

    static int line(Zone zone, String owner, int type) throws Exception {
        RRset set = zone.rrset(Name.fromString(owner), type);
        Record first = set.first();
        return zone.lineOf(first);
    }
}
