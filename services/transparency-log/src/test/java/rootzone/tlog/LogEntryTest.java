package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.testsupport.ExternalTools;
import rootzone.testsupport.SharedData;
import rootzone.tlog.entry.DirectoryEntry;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.NoticeEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * The entries byte for byte as docs/transparency-log.md documents them, their strict parsing, and a
 * version's zonemd-sha384 recomputed from its zone file by another ZONEMD implementation (dnspython).
 */
class LogEntryTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] D48 = HEX.parseHex("ab".repeat(48));
    private static final byte[] D32 = HEX.parseHex("cd".repeat(32));
    private static final byte[] E32 = HEX.parseHex("ef".repeat(32));
    private static final Instant T = Instant.parse("2023-11-04T17:00:00Z");

    @Test
    void entriesAreTheDocumentedBytes() {
        VersionEntry v = new VersionEntry(".", 2023110401, OptionalLong.of(2023110400), D48, D32, "maintainer-1", T, false);
        assertEquals("kind version\nzone .\nserial 2023110401\nprevious 2023110400\nzonemd-sha384 " + "ab".repeat(48) + "\ncontent-sha256 "
                + "cd".repeat(32) + "\npublisher maintainer-1\ntime 2023-11-04T17:00:00.000Z\nimported false\n", text(v));
        VersionEntry first = new VersionEntry(".", 2023110400, OptionalLong.empty(), D48, D32, "import", T.plusMillis(5), true);
        assertEquals("kind version\nzone .\nserial 2023110400\nprevious -\nzonemd-sha384 " + "ab".repeat(48) + "\ncontent-sha256 " + "cd".repeat(32)
                + "\npublisher import\ntime 2023-11-04T17:00:00.005Z\nimported true\n", text(first));
        RejectionEntry r = new RejectionEntry(".", OptionalLong.of(2023110401), Optional.of(D32), "SERIAL_NOT_NEWER", "maintainer-1", T, E32);
        assertEquals("kind rejection\nzone .\nserial 2023110401\ncontent-sha256 " + "cd".repeat(32)
                + "\nreason SERIAL_NOT_NEWER\nrequested-by maintainer-1\ntime 2023-11-04T17:00:00.000Z\nevent-sha256 " + "ef".repeat(32) + "\n", text(r));
        RejectionEntry unparsable = new RejectionEntry(".", OptionalLong.empty(), Optional.empty(), "UNPARSABLE", "maintainer-1", T, E32);
        assertEquals("kind rejection\nzone .\nserial -\ncontent-sha256 -\nreason UNPARSABLE\nrequested-by maintainer-1\ntime 2023-11-04T17:00:00.000Z\nevent-sha256 "
                + "ef".repeat(32) + "\n", text(unparsable));
        DirectoryEntry d = new DirectoryEntry("verisign", "ROOT_SERVER_OPERATOR", false, "iana", T, E32);
        assertEquals("kind directory\noperator verisign\nrole ROOT_SERVER_OPERATOR\nremoved false\nsigner iana\ntime 2023-11-04T17:00:00.000Z\nevent-sha256 "
                + "ef".repeat(32) + "\n", text(d));
        NoticeEntry n = new NoticeEntry("n-42", "TOOK_EFFECT", "verisign", OptionalLong.of(2023110401), T, E32);
        assertEquals("kind notice\nnotice n-42\naction TOOK_EFFECT\nissuer verisign\nserial 2023110401\ntime 2023-11-04T17:00:00.000Z\nevent-sha256 "
                + "ef".repeat(32) + "\n", text(n));

        for (LogEntry e : List.of(v, first, r, unparsable, d, n)) {
            assertArrayEquals(e.bytes(), LogEntry.parse(e.bytes()).bytes());
            assertEquals(e.getClass(), LogEntry.parse(e.bytes()).getClass());
        }
        assertEquals(OptionalLong.empty(), ((VersionEntry) LogEntry.parse(first.bytes())).previous());
    }

    @Test
    void onlyCanonicalEntriesParse() {
        String good = text(new VersionEntry(".", 1, OptionalLong.empty(), D48, D32, "p", T, false));
        for (String bad : List.of(good.replace("imported false\n", "imported false"), good.replace("imported false", "imported no"),
                good + "extra x\n", good.replace("serial 1", "serial 01"), good.replace("ab".repeat(48), "AB".repeat(48)),
                good.replace(".000Z", "Z"), good.replace("kind version", "kind other"), good.replace("zone .\nserial 1\n", "serial 1\nzone .\n"),
                good.replace("publisher p", "publisher  p"), "")) {
            assertThrows(IllegalArgumentException.class, () -> LogEntry.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> LogEntry.parse(new byte[] {(byte) 0xC3, '\n'}));
        assertThrows(IllegalArgumentException.class, () -> new VersionEntry(".", 1, OptionalLong.empty(), D48, D32, "two\nlines", T, false).bytes());
    }

    @Test
    void zonemdOfASyntheticZoneMatchesDnspython(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("example.zone");
        // the apex ZONEMD and the RRSIG covering it are left out of the digest (RFC 8976 §3.3.1); the rest is in
        Files.writeString(file, String.join("\n",
                "$ORIGIN example.",
                "$TTL 3600",
                "@ IN SOA ns1 admin 2025010101 7200 3600 1209600 3600",
                "@ IN NS ns1",
                "@ IN NS ns2.example.net.",
                "@ IN ZONEMD 2025010101 1 1 " + "00".repeat(48),
                "@ IN RRSIG ZONEMD 13 1 3600 20250201000000 20250101000000 12345 example. " + "AAAA".repeat(22),
                "ns1 IN A 192.0.2.1",
                "ns1 IN AAAA 2001:db8::1",
                "www 300 IN CNAME ns1",
                "sub IN NS ns.sub",
                "ns.sub IN A 192.0.2.53",
                "txt IN TXT \"hello\" \"world\"",
                "") );
        String dnspython = Dnspython.zonemdSha384(file, "example.");
        Zone zone = ZoneParser.parse(file, Name.fromString("example."));
        VersionEntry e = VersionEntry.of(zone, OptionalLong.empty(), "maintainer-1", T, false);
        assertEquals(dnspython, HEX.formatHex(e.zonemdSha384()));
        assertEquals("example.", e.zone());
        assertEquals(2025010101, e.serial());
    }

    @Test
    void zonemdOfARealRootZoneMatchesDnspython(@TempDir Path dir) throws Exception {
        Path history = SharedData.historyDir();
        assumeTrue(history != null && Files.isExecutable(history.resolve("extract.sh")), "real root zone history not found (" + SharedData.WHERE + "): skipped");
        Dnspython.assumeAvailable();
        ExternalTools.run(history.resolve("extract.sh").toString(), dir.toString(), "1");
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.getFileName().toString().startsWith("root.zone.")).findFirst().orElseThrow();
        }
        Zone zone = ZoneParser.parse(file, Name.root);
        VersionEntry e = VersionEntry.of(zone, OptionalLong.empty(), "import", T, true);
        assertEquals(Dnspython.zonemdSha384(file, "."), HEX.formatHex(e.zonemdSha384()), file.toString());
        assertEquals(file.getFileName().toString(), "root.zone." + e.serial());
    }

    private static String text(LogEntry e) {
        return new String(e.bytes(), StandardCharsets.UTF_8);
    }
}
