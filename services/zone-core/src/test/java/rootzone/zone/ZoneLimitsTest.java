package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** Bounded input (issue 10): limits hold before $GENERATE expands and before gzip inflates whole. */
class ZoneLimitsTest {

    private static final String HEAD = "$ORIGIN example.\n$TTL 3600\n@ SOA ns hostmaster 1 7200 3600 1209600 3600\n@ NS ns\nns A 192.0.2.1\n";

    private static Zone parse(String text, ZoneLimits limits) throws ZoneException {
        return ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), Name.fromConstantString("example."), "t", limits);
    }

    @Test
    void theHugeGenerateOfIssue10IsRefusedBeforeExpansion() {
        // The 228-byte file that drove the publisher into OutOfMemoryError.
        String bomb = HEAD + "$GENERATE 1-100000000 host$ A 10.0.0.1 ; a hundred million records\n";
        ZoneTooLargeException e = assertThrows(ZoneTooLargeException.class, () -> parse(bomb, ZoneLimits.defaults()));
        assertTrue(e.getMessage().contains("would generate 100000000 records"), e.getMessage());
        assertEquals(6, e.line());
        // The same without a final newline (the end of the text ends the entry).
        String noNewline = HEAD + "$generate 1-100000000/1 host$ A 10.0.0.1";
        assertThrows(ZoneTooLargeException.class, () -> parse(noNewline, ZoneLimits.defaults()));
    }

    @Test
    void generatedRecordsCountTogetherAndSmallOnesPass() throws ZoneException {
        ZoneLimits limits = new ZoneLimits(1 << 20, 1000, 100, 150);
        assertEquals(3 + 100, parse(HEAD + "$GENERATE 1-100 h$ A 10.0.0.1\n", limits).size());
        ZoneTooLargeException e = assertThrows(ZoneTooLargeException.class,
                () -> parse(HEAD + "$GENERATE 1-100 h$ A 10.0.0.1\n$GENERATE 1-100 g$ A 10.0.0.2\n", limits));
        assertTrue(e.getMessage().contains("200 with the file's earlier"), e.getMessage());
        assertEquals(3 + 51, parse(HEAD + "$GENERATE 0-100/2 h$ A 10.0.0.1\n", limits).size());
    }

    @Test
    void recordCountAndSizeAreBounded() throws Exception {
        StringBuilder b = new StringBuilder(HEAD);
        for (int i = 0; i < 20; i++) {
            b.append("h").append(i).append(" A 10.0.0.1\n");
        }
        assertTrue(assertThrows(ZoneTooLargeException.class, () -> parse(b.toString(), new ZoneLimits(1 << 20, 10, 10, 10)))
                .getMessage().contains("more than the limit of 10 records"));
        assertThrows(ZoneTooLargeException.class, () -> parse(b.toString(), new ZoneLimits(100, 1000, 10, 10)));
        // A gzip bomb: a few KB that inflate to 10 MB.
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[10 << 20]);
        }
        assertTrue(gz.size() < 100_000);
        ZoneTooLargeException e = assertThrows(ZoneTooLargeException.class, () -> ZoneParser.parse(gz.toByteArray(),
                Name.fromConstantString("example."), "t", new ZoneLimits(1 << 20, 1000, 10, 10)));
        assertTrue(e.getMessage().contains("once decompressed"), e.getMessage());
    }
}
