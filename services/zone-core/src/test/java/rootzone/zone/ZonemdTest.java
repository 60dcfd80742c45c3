package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneMDRecord;
import rootzone.zone.ZoneProblem.Code;
import rootzone.testsupport.ExternalTools;

/** ZONEMD against the examples of RFC 8976 Appendix A (with their published digests) and ldns-signzone. */
class ZonemdTest {

    // RFC 8976 A.1
    static final String SIMPLE = """
            example.      86400  IN  SOA     ns1 admin 2018031900 (
                                             1800 900 604800 86400 )
                          86400  IN  NS      ns1
                          86400  IN  NS      ns2
                          86400  IN  ZONEMD  2018031900 1 1 (
                                             c68090d90a7aed71
                                             6bc459f9340e3d7c
                                             1370d4d24b7e2fc3
                                             a1ddc0b9a87153b9
                                             a9713b3c9ae5cc27
                                             777f98b8e730044c )
            ns1           3600   IN  A       203.0.113.63
            ns2           3600   IN  AAAA    2001:db8::63
            """;

    // RFC 8976 A.2: case, duplicates, occluded and out-of-zone data, wildcard, non-apex ZONEMD
    static final String COMPLEX = """
            example.      86400  IN  SOA     ns1 admin 2018031900 (
                                             1800 900 604800 86400 )
                          86400  IN  NS      ns1
                          86400  IN  NS      ns2
                          86400  IN  ZONEMD  2018031900 1 1 (
                                             a3b69bad980a3504
                                             e1cffcb0fd6397f9
                                             3848071c93151f55
                                             2ae2f6b1711d4bd2
                                             d8b39808226d7b9d
                                             b71e34b72077f8fe )
            ns1           3600   IN  A       203.0.113.63
            NS2           3600   IN  AAAA    2001:db8::63
            occluded.sub  7200   IN  TXT     "I'm occluded but must be digested"
            sub           7200   IN  NS      ns1
            duplicate     300    IN  TXT     "I must be digested just once"
            duplicate     300    IN  TXT     "I must be digested just once"
            foo.test.     555    IN  TXT     "out-of-zone data must be excluded"
            UPPERCASE     3600   IN  TXT     "canonicalize uppercase owner names"
            *             777    IN  PTR     dont-forget-about-wildcards
            mail          3600   IN  MX      20 MAIL1
            mail          3600   IN  MX      10 Mail2.Example.
            sortme        3600   IN  AAAA    2001:db8::5:61
            sortme        3600   IN  AAAA    2001:db8::3:62
            sortme        3600   IN  AAAA    2001:db8::4:63
            sortme        3600   IN  AAAA    2001:db8::1:65
            sortme        3600   IN  AAAA    2001:db8::2:64
            non-apex      900    IN  ZONEMD  2018031900 1 1 (
                                             616c6c6f77656420
                                             6275742069676e6f
                                             7265642e20616c6c
                                             6f77656420627574
                                             2069676e6f726564
                                             2e20616c6c6f7765 )
            """;

    // RFC 8976 A.3: SHA-384, SHA-512 and two digests that cannot be checked (private hash and scheme)
    static final String MULTIPLE = """
            example.      86400  IN  SOA     ns1 admin 2018031900 (
                                             1800 900 604800 86400 )
            example.      86400  IN  NS      ns1.example.
            example.      86400  IN  NS      ns2.example.
            example.      86400  IN  ZONEMD  2018031900 1 1 (
                                             62e6cf51b02e54b9
                                             b5f967d547ce4313
                                             6792901f9f88e637
                                             493daaf401c92c27
                                             9dd10f0edb1c56f8
                                             080211f8480ee306 )
            example.      86400  IN  ZONEMD  2018031900 1 2 (
                                             08cfa1115c7b948c
                                             4163a901270395ea
                                             226a930cd2cbcf2f
                                             a9a5e6eb85f37c8a
                                             4e114d884e66f176
                                             eab121cb02db7d65
                                             2e0cc4827e7a3204
                                             f166b47e5613fd27 )
            example.      86400  IN  ZONEMD  2018031900 1 240 (
                                             e2d523f654b9422a
                                             96c5a8f44607bbee )
            example.      86400  IN  ZONEMD  2018031900 241 1 (
                                             e1846540e33a9e41
                                             89792d18d5d131f6
                                             05fc283eaaaaaaaa
                                             aaaaaaaaaaaaaaaa
                                             aaaaaaaaaaaaaaaa
                                             aaaaaaaaaaaaaaaa)
            ns1.example.  3600   IN  A       203.0.113.63
            ns2.example.  86400  IN  TXT     "This example has multiple digests"
            NS2.EXAMPLE.  3600   IN  AAAA    2001:db8::63
            """;

    private static Zone parse(String text) throws ZoneException {
        return ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), Name.fromConstantString("example."), "rfc8976");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void simpleExampleA1() throws Exception {
        Zone zone = parse(SIMPLE);
        assertEquals("c68090d90a7aed716bc459f9340e3d7c1370d4d24b7e2fc3a1ddc0b9a87153b9a9713b3c9ae5cc27777f98b8e730044c",
                hex(Zonemd.digest(zone, Zonemd.SHA384)));
        assertEquals(List.of(), Zonemd.verify(zone));
    }

    @Test
    void complexExampleA2() throws Exception {
        Zone zone = parse(COMPLEX);
        assertEquals("a3b69bad980a3504e1cffcb0fd6397f93848071c93151f552ae2f6b1711d4bd2d8b39808226d7b9db71e34b72077f8fe",
                hex(Zonemd.digest(zone, Zonemd.SHA384)));
        assertEquals(List.of(), Zonemd.verify(zone));
    }

    @Test
    void multipleDigestsExampleA3() throws Exception {
        Zone zone = parse(MULTIPLE);
        assertEquals("62e6cf51b02e54b9b5f967d547ce43136792901f9f88e637493daaf401c92c279dd10f0edb1c56f8080211f8480ee306",
                hex(Zonemd.digest(zone, Zonemd.SHA384)));
        assertEquals("08cfa1115c7b948c4163a901270395ea226a930cd2cbcf2fa9a5e6eb85f37c8a4e114d884e66f176eab121cb02db7d652e0cc4827e7a3204f166b47e5613fd27",
                hex(Zonemd.digest(zone, Zonemd.SHA512)));
        assertEquals(List.of(), Zonemd.verify(zone), "unsupported scheme/hash records are skipped");
    }

    @Test
    void aChangedRecordIsDetectedWithItsZonemdLine() throws Exception {
        Zone zone = parse(SIMPLE.replace("203.0.113.63", "203.0.113.64"));
        List<ZoneProblem> problems = Zonemd.verify(zone);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Code.ZONEMD_MISMATCH, problems.get(0).code());
        assertEquals(5, problems.get(0).line());
    }

    @Test
    void serialMismatchAndDuplicates() throws Exception {
        Zone stale = parse(SIMPLE.replace("ZONEMD  2018031900", "ZONEMD  2018031899"));
        assertEquals(List.of(Code.ZONEMD_SERIAL_MISMATCH), Zonemd.verify(stale).stream().map(ZoneProblem::code).toList());
        String second = "example. 86400 IN ZONEMD 2018031900 1 1 " + "00".repeat(48) + "\n";
        List<Code> codes = Zonemd.verify(parse(SIMPLE + second)).stream().map(ZoneProblem::code).toList();
        assertTrue(codes.contains(Code.ZONEMD_DUPLICATE), codes.toString());
        assertTrue(codes.contains(Code.ZONEMD_MISMATCH), codes.toString());
    }

    /** SHA-256 over each record's own canonical wire form (RFC 4034 §6.2), record by record. */
    private static byte[] contentOneByOne(Zone zone) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        zone.records().forEach(r -> sha.update(r.toWireCanonical()));
        return sha.digest();
    }

    @Test
    void theContentDigestFromTheZonemdWalkIsTheContentDigest() throws Exception {
        // A ~59 KB TXT record does not fit in what is left of the walk's 64 KB block.
        StringBuilder big = new StringBuilder("big.example. 86400 IN TXT");
        for (int i = 0; i < 290; i++) {
            big.append(" \"").append("x".repeat(200)).append(i).append('"');
        }
        for (String text : List.of(SIMPLE, COMPLEX, MULTIPLE, SIMPLE + big + "\n")) {
            Zone zone = parse(text);
            byte[] expected = contentOneByOne(zone);
            assertArrayEquals(expected, ContentDigest.of(parse(text)), "content digest alone");
            Zone both = parse(text);
            Zonemd.digest(both, Zonemd.SHA384);
            assertArrayEquals(expected, ContentDigest.of(both), "content digest from the ZONEMD walk");
        }
        assertEquals("a3b69bad980a3504e1cffcb0fd6397f93848071c93151f552ae2f6b1711d4bd2d8b39808226d7b9db71e34b72077f8fe",
                hex(Zonemd.digest(parse(COMPLEX), Zonemd.SHA384)));
    }

    @Test
    void recordCarriesSerialAndDigest() throws Exception {
        Zone zone = parse(SIMPLE);
        ZoneMDRecord md = Zonemd.record(zone, Zonemd.SHA512, 86400);
        assertEquals(2018031900L, md.getSerial());
        assertEquals(1, md.getScheme());
        assertArrayEquals(Zonemd.digest(zone, Zonemd.SHA512), md.getDigest());
        assertThrows(IllegalArgumentException.class, () -> Zonemd.digest(zone, 240));
    }

    @Test
    void matchesLdnsSignzone(@TempDir Path dir) throws Exception {
        // a zone with occluded data, mixed case and a wildcard, signed with SHA-384 and SHA-512 ZONEMDs
        Path file = dir.resolve("example.zone");
        Files.writeString(file, """
                $ORIGIN example.
                $TTL 3600
                @ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
                @ NS ns1
                @ NS ns2.other.test.
                NS1 A 192.0.2.1
                www A 192.0.2.2
                www 300 AAAA 2001:db8::2
                * TXT "wild"
                sub NS ns.sub
                ns.sub A 192.0.2.53
                hidden.sub TXT "occluded"
                sub DS 12345 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF
                """);
        Path signed = ExternalTools.ldnsSign(file, "example.", "20240101000000", "20240201000000", "-z", "1:1", "-z", "1:2");
        Zone zone = ZoneParser.parse(signed, null);
        RRset mds = zone.rrset(Name.fromString("example."), Type.ZONEMD);
        assertEquals(2, mds.records().size());
        for (var r : mds.records()) {
            ZoneMDRecord md = (ZoneMDRecord) r;
            assertEquals(hex(md.getDigest()), hex(Zonemd.digest(zone, md.getHashAlgorithm())), "hash " + md.getHashAlgorithm());
        }
        assertEquals(List.of(), Zonemd.verify(zone));
    }
}
