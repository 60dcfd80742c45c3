package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneProblem.Code;
import rootzone.testsupport.ExternalTools;

/**
 * The real root zone, from the shared history (skipped when absent). The archive stripped most
 * RRSIGs but kept the apex SOA and DNSKEY signatures, which are genuine: they verify against the
 * root KSK-2017 trust anchor.
 */
class RealRootZoneTest {

    private static final String ROOT_KSK_2017_DS =
            ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

    @Test
    void consecutiveVersionsParseValidateAndDiffExactly() throws Exception {
        Zone a = ZoneParser.parse(RootZoneHistory.version(0), Name.root);
        Zone b = ZoneParser.parse(RootZoneHistory.version(1), Name.root);
        assertTrue(a.size() > 20_000, a.toString());
        assertTrue(a.delegations().size() > 1_400, "delegations: " + a.delegations().size());
        assertEquals(List.of(), ZoneValidator.validate(a));
        assertEquals(List.of(), ZoneValidator.validate(b));
        assertTrue(Serial.isNewer(b.serial(), a.serial()));
        ZoneDiff diff = ZoneDiff.between(a, b);
        assertFalse(diff.isEmpty());
        assertTrue(diff.size() < 1_000, "diff of consecutive versions: " + diff.size());
        ZoneDiffTest.assertExactlyEqual(b, diff.applyTo(a), "real root zone");
        assertTrue(ZoneDiff.between(b, diff.applyTo(a)).isEmpty());
        // the lines are those of the file
        Record soa = a.soa();
        assertEquals(1, a.lineOf(soa));
        List<String> lines = Files.readAllLines(RootZoneHistory.version(0));
        Record someGlue = a.rrset(Name.fromString("a.root-servers.net."), Type.A).first();
        assertTrue(lines.get(a.lineOf(someGlue) - 1).startsWith("a.root-servers.net."), "line " + a.lineOf(someGlue));
    }

    @Test
    void apexSignaturesVerifyAgainstTheRealTrustAnchor(@TempDir Path dir) throws Exception {
        Zone zone = ZoneParser.parse(RootZoneHistory.version(0), Name.root);
        Path anchorFile = dir.resolve("root.ds");
        Files.writeString(anchorFile, ROOT_KSK_2017_DS + "\n");
        List<Record> anchor = TrustAnchors.read(anchorFile);
        Instant at = zone.rrset(Name.root, Type.SOA).signatures().stream()
                .map(RRSIGRecord::getTimeSigned).max(Instant::compareTo).orElseThrow().plusSeconds(3600);
        List<ZoneProblem> problems = DnssecVerifier.verify(zone, anchor, at);
        Set<Code> codes = problems.stream().map(ZoneProblem::code).collect(Collectors.toSet());
        // every signature the archive kept is good; everything it stripped is reported unsigned
        assertEquals(Set.of(Code.DNSSEC_UNSIGNED), codes, problems.stream().limit(5).toList().toString());
        assertFalse(problems.stream().anyMatch(p -> p.owner().equals(Name.root)
                && (p.message().startsWith("SOA ") || p.message().startsWith("DNSKEY "))), "apex SOA and DNSKEY are signed");
        assertTrue(problems.stream().anyMatch(p -> p.owner().equals(Name.root) && p.message().startsWith("NS ")),
                "the stripped apex NS signature is reported");
    }

    @Test
    void aResignedRealVersionChecksClean(@TempDir Path dir) throws Exception {
        Path original = RootZoneHistory.version(1);
        Path stripped = dir.resolve("root.zone");
        Set<String> drop = Set.of("RRSIG", "NSEC", "ZONEMD", "DNSKEY");
        List<String> kept = Files.readAllLines(original).stream()
                .filter(l -> { String[] f = l.trim().split("\\s+"); return f.length < 4 || !drop.contains(f[3]); })
                .toList();
        Files.write(stripped, kept);
        Path signed = ExternalTools.ldnsSign(stripped, ".", "20240101000000", "20240201000000", "-z", "1:1");
        Instant at = Instant.parse("2024-01-15T00:00:00Z");
        assertEquals(List.of(), ZoneCheck.check(signed, Name.root, dir.resolve("anchor.ds"), at));
        // and one changed delegation is caught by both ZONEMD and DNSSEC
        Zone zone = ZoneParser.parse(signed, Name.root);
        RRset ds = zone.rrsets().stream().filter(s -> s.type() == Type.DS).findFirst().orElseThrow();
        String text = Files.readString(signed);
        String line = Files.readAllLines(signed).get(zone.lineOf(ds.first()) - 1);
        String digest = line.substring(line.lastIndexOf(' ') + 1);
        String tampered = line.replace(digest, new StringBuilder(digest).reverse().toString());
        Zone bad = ZoneParser.parse(text.replace(line, tampered).getBytes(), Name.root, "tampered");
        List<ZoneProblem> problems = ZoneCheck.check(bad, TrustAnchors.read(dir.resolve("anchor.ds")), at);
        assertEquals(List.of(Code.ZONEMD_MISMATCH, Code.DNSSEC_BAD_SIGNATURE),
                problems.stream().map(ZoneProblem::code).toList(), problems.toString());
        assertEquals(ds.name(), problems.get(1).owner());
    }
}
