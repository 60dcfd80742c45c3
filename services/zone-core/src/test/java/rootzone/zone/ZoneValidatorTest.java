package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.zone.ZoneProblem.Code;

class ZoneValidatorTest {

    private static final String HEAD = """
            $ORIGIN example.
            $TTL 3600
            @ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600
            @ NS ns1
            ns1 A 192.0.2.1
            """; // 5 lines: a zone's own records start on line 6

    private static List<ZoneProblem> problems(String body) throws Exception {
        return ZoneValidator.validate(ZoneTest.parse(HEAD + body));
    }

    private static void assertOne(List<ZoneProblem> problems, Code code, int line, String owner) throws Exception {
        assertEquals(1, problems.size(), problems.toString());
        ZoneProblem p = problems.get(0);
        assertEquals(code, p.code(), p.toString());
        assertEquals(line, p.line(), p.toString());
        assertEquals(Name.fromString(owner), p.owner(), p.toString());
        assertTrue(p.toString().startsWith("line " + line + ": " + code + " " + owner + ": "), p.toString());
    }

    @Test
    void aGoodZoneHasNoProblems() throws Exception {
        assertEquals(List.of(), problems("""
                www A 192.0.2.2
                alias CNAME www
                alias RRSIG CNAME 13 2 3600 20300101000000 20200101000000 1 example. AAAA
                sub NS ns.sub
                sub NS ns.elsewhere.test.
                sub NS ns1.sibling
                sub DS 1 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF
                ns.sub A 192.0.2.53
                sibling NS ns1.sibling
                ns1.sibling AAAA 2001:db8::53
                """));
    }

    @Test
    void outOfZoneData() throws Exception {
        assertOne(problems("www A 192.0.2.2\nwww.other.test. A 192.0.2.3\n"), Code.OUT_OF_ZONE, 7, "www.other.test.");
    }

    @Test
    void missingSoaAndApexNs() throws Exception {
        Zone zone = ZoneParser.parse("www 60 IN A 192.0.2.2\n".getBytes(), Name.fromString("example."), "t");
        List<ZoneProblem> problems = ZoneValidator.validate(zone);
        assertEquals(List.of(Code.NO_SOA, Code.NO_APEX_NS), problems.stream().map(ZoneProblem::code).toList());
        assertEquals(Name.fromString("example."), problems.get(0).owner());
    }

    @Test
    void duplicateSoa() throws Exception {
        assertOne(problems("@ SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"), Code.DUPLICATE_SOA, 6, "example.");
    }

    @Test
    void soaBelowTheApex() throws Exception {
        assertOne(problems("child SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"), Code.SOA_NOT_AT_APEX, 6, "child.example.");
    }

    @Test
    void cnameAndOtherData() throws Exception {
        assertOne(problems("www CNAME ns1\nwww TXT \"also here\"\n"), Code.CNAME_AND_OTHER_DATA, 7, "www.example.");
        assertOne(problems("www CNAME ns1\nwww CNAME ns2\n"), Code.MULTIPLE_CNAME, 7, "www.example.");
    }

    @Test
    void delegationWithoutNeededGlue() throws Exception {
        assertOne(problems("sub NS ns.sub\nsub NS ns.elsewhere.test.\n"), Code.MISSING_GLUE, 6, "sub.example.");
    }

    @Test
    void nameServerInTheZoneWithoutAddress() throws Exception {
        assertOne(problems("@ NS ns2\n"), Code.MISSING_ADDRESS, 6, "example.");
    }

    @Test
    void dataHiddenBelowADelegation() throws Exception {
        assertOne(problems("sub NS ns.sub\nns.sub A 192.0.2.5\nwww.sub TXT \"occluded\"\n"), Code.OCCLUDED_DATA, 8, "www.sub.example.");
        assertOne(problems("sub NS ns.sub\nns.sub A 192.0.2.5\nsub MX 10 mail\n"), Code.OCCLUDED_DATA, 8, "sub.example.");
    }

    @Test
    void dsOutsideADelegation() throws Exception {
        assertOne(problems("www DS 1 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF\n"),
                Code.DS_NOT_AT_DELEGATION, 6, "www.example.");
    }

    @Test
    void ttlsDifferWithinAnRRset() throws Exception {
        assertOne(problems("www 60 A 192.0.2.2\nwww 120 A 192.0.2.3\n"), Code.TTL_MISMATCH, 7, "www.example.");
    }

    @Test
    void classDiffersFromTheSoa() throws Exception {
        assertOne(problems("www CH TXT \"chaos\"\n"), Code.CLASS_MISMATCH, 6, "www.example.");
    }

    @Test
    void theLineIsWhereAMultiLineRecordStarts() throws Exception {
        assertOne(problems("\n; comment\nwww CNAME ( ns1\n )\nwww TXT ( \"a\"\n \"b\" )\n"), Code.CNAME_AND_OTHER_DATA, 10, "www.example.");
    }
}
