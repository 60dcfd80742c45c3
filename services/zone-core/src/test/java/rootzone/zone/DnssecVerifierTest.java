package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.zone.ZoneProblem.Code;
import rootzone.testsupport.ExternalTools;

/** Whole-zone DNSSEC verification against zones signed by ldns-signzone with fresh keys. */
class DnssecVerifierTest {

    private static final Instant VALID = Instant.parse("2024-01-15T00:00:00Z");
    private static final Instant EXPIRED = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    static Path dir;
    static Path signed;
    static List<Record> anchor;

    @BeforeAll
    static void sign() throws Exception {
        Path file = dir.resolve("example.zone");
        Files.writeString(file, """
                $ORIGIN example.
                $TTL 3600
                @ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
                @ NS ns1
                ns1 A 192.0.2.1
                www A 192.0.2.2
                www AAAA 2001:db8::2
                * TXT "wild"
                sub NS ns.sub
                ns.sub A 192.0.2.53
                sub DS 12345 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF
                """);
        signed = ExternalTools.ldnsSign(file, "example.", "20240101000000", "20240201000000", "-z", "1:1");
        anchor = TrustAnchors.read(dir.resolve("anchor.ds"));
    }

    private static Zone zone(String from, String to) throws Exception {
        String text = Files.readString(signed);
        if (from != null) {
            assertTrue(text.contains(from), from);
            text = text.replace(from, to);
        }
        return ZoneParser.parse(text.getBytes(), null, "signed");
    }

    @Test
    void aSignedZoneVerifiesWithItsDsAnchor() throws Exception {
        assertEquals(List.of(), DnssecVerifier.verify(zone(null, null), anchor, VALID));
        assertEquals(List.of(), ZoneCheck.check(signed, null, dir.resolve("anchor.ds"), VALID));
    }

    @Test
    void aDnskeyAnchorWorksToo() throws Exception {
        Zone zone = zone(null, null);
        List<Record> ksk = zone.rrset(zone.origin(), org.xbill.DNS.Type.DNSKEY).records().stream()
                .filter(k -> ((org.xbill.DNS.DNSKEYRecord) k).getFlags() == 257).toList();
        assertEquals(List.of(), DnssecVerifier.verify(zone, ksk, VALID));
    }

    @Test
    void aTamperedRecordIsReportedWithItsLine() throws Exception {
        Zone zone = zone("192.0.2.2", "192.0.2.99");
        List<ZoneProblem> problems = DnssecVerifier.verify(zone, anchor, VALID);
        assertEquals(1, problems.size(), problems.toString());
        ZoneProblem p = problems.get(0);
        assertEquals(Code.DNSSEC_BAD_SIGNATURE, p.code());
        assertEquals(Name.fromString("www.example."), p.owner());
        assertTrue(p.line() > 0 && Files.readAllLines(signed).get(p.line() - 1).contains("192.0.2.2"), p.toString());
        // ZONEMD catches it too, and the facade reports both
        List<Code> all = ZoneCheck.check(zone, anchor, VALID).stream().map(ZoneProblem::code).toList();
        assertEquals(List.of(Code.ZONEMD_MISMATCH, Code.DNSSEC_BAD_SIGNATURE), all);
    }

    @Test
    void expiredSignaturesFailEverywhere() throws Exception {
        Zone zone = zone(null, null);
        List<ZoneProblem> problems = DnssecVerifier.verify(zone, anchor, EXPIRED);
        assertTrue(problems.stream().anyMatch(p -> p.code() == Code.DNSSEC_UNTRUSTED_DNSKEY), problems.toString());
        long signedSets = zone.rrsets().stream().filter(s -> !s.signatures().isEmpty()).count();
        assertEquals(signedSets, problems.stream().filter(p -> p.code() == Code.DNSSEC_BAD_SIGNATURE).count());
    }

    @Test
    void aWrongAnchorIsNotTrusted() throws Exception {
        List<Record> wrong = List.of(Record.fromString(Name.fromString("example."), org.xbill.DNS.Type.DS, 1, 3600,
                "12345 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF", Name.root));
        List<ZoneProblem> problems = DnssecVerifier.verify(zone(null, null), wrong, VALID);
        assertEquals(List.of(Code.DNSSEC_UNTRUSTED_DNSKEY), problems.stream().map(ZoneProblem::code).toList());
    }

    @Test
    void aMissingSignatureIsReported() throws Exception {
        String text = Files.readString(signed);
        String sigLine = text.lines().filter(l -> l.startsWith("www.example.") && l.contains("RRSIG\tAAAA")).findFirst().orElseThrow();
        Zone zone = zone(sigLine + "\n", "");
        List<ZoneProblem> problems = DnssecVerifier.verify(zone, anchor, VALID);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(Code.DNSSEC_UNSIGNED, problems.get(0).code());
        assertTrue(problems.get(0).message().startsWith("AAAA"), problems.toString());
    }

    @Test
    void anUnsignedZoneHasNoDnssecProblemsUnlessAnAnchorIsGiven() throws Exception {
        Zone plain = ZoneTest.parse("$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 NS ns1\nns1 60 A 192.0.2.1\n");
        assertEquals(List.of(), DnssecVerifier.verify(plain, List.of(), VALID));
        assertEquals(List.of(Code.DNSSEC_NO_DNSKEY),
                DnssecVerifier.verify(plain, anchor, VALID).stream().map(ZoneProblem::code).toList());
    }
}
