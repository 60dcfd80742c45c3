package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ZoneTest {

    static Zone parse(String text) throws ZoneException {
        return ZoneParser.parse(text.getBytes(StandardCharsets.UTF_8), null, "test");
    }

    @Test
    void namesSortInRfc4034CanonicalOrder() throws Exception {
        // RFC 4034 §6.1's own example, shuffled.
        List<String> expected = List.of("example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
                "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example.");
        List<Record> records = new ArrayList<>();
        for (String n : expected) {
            records.add(Record.fromString(Name.fromString(n), Type.TXT, 1, 60, "\"x\"", Name.root));
        }
        Collections.shuffle(records, new Random(7));
        Zone zone = Zone.of(Name.fromString("example."), records);
        List<Name> got = zone.records().stream().map(Record::getName).toList();
        List<Name> want = new ArrayList<>();
        for (String n : expected) {
            want.add(Name.fromString(n));
        }
        assertEquals(want, got);
    }

    @Test
    void rdataSortsAsUnsignedCanonicalBytesAndTtlDoesNotMakeADifferentRecord() throws Exception {
        Zone zone = parse("""
                $ORIGIN example.
                @ 60 IN SOA ns1 h 1 2 3 4 5
                @ 60 NS ns1
                x 60 A 192.0.2.200
                x 60 A 192.0.2.3
                x 60 A 10.0.0.1
                x 120 A 10.0.0.1
                x 60 MX 10 B.example.
                x 60 MX 10 a.example.
                """);
        RRset a = zone.rrset(Name.fromString("x.example."), Type.A);
        assertEquals(List.of("10.0.0.1", "192.0.2.3", "192.0.2.200"),
                a.records().stream().map(r -> r.rdataToString()).toList());
        assertEquals(60, a.first().getTTL(), "the first of two TTL-only duplicates is kept");
        RRset mx = zone.rrset(Name.fromString("x.example."), Type.MX);
        // canonical RDATA lowercases the exchange name: a < b
        assertEquals("a.example.", ((org.xbill.DNS.MXRecord) mx.first()).getTarget().toString());
    }

    @Test
    void indexesOwnersSignaturesAndDelegations() throws Exception {
        Zone zone = parse("""
                $ORIGIN example.
                @ 60 IN SOA ns1 h 1 2 3 4 5
                @ 60 NS ns1
                ns1 60 A 192.0.2.1
                sub 60 NS ns.sub
                sub 60 DS 1 13 2 00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF
                ns.sub 60 A 192.0.2.2
                deep.ent.example. 60 TXT "below an empty non-terminal"
                www 60 A 192.0.2.9
                www 60 RRSIG A 13 2 60 20300101000000 20200101000000 1 example. AAAA
                """);
        Name sub = Name.fromString("sub.example.");
        assertEquals(java.util.Set.of(sub), zone.delegations());
        assertEquals(Optional.of(sub), zone.delegationFor(Name.fromString("a.b.ns.sub.example.")));
        assertEquals(Optional.of(sub), zone.delegationFor(sub));
        assertEquals(Optional.empty(), zone.delegationFor(Name.fromString("www.example.")));
        assertEquals(Optional.empty(), zone.delegationFor(Name.fromString("nonexistent.example.")));
        assertEquals(Optional.empty(), zone.delegationFor(Name.fromString("example.")));
        assertEquals(Optional.empty(), zone.delegationFor(Name.fromString("other.test.")));
        assertTrue(zone.exists(Name.fromString("ent.example.")), "empty non-terminal exists");
        assertFalse(zone.exists(Name.fromString("nope.example.")));
        assertEquals(List.of(Type.NS, Type.DS), zone.rrsetsAt(sub).stream().map(RRset::type).toList());
        RRset www = zone.rrset(Name.fromString("www.example."), Type.A);
        assertEquals(1, www.signatures().size());
        assertEquals(1, zone.rrset(Name.fromString("www.example."), Type.RRSIG).records().size());
        assertEquals(1L, zone.serial());
    }

    @Test
    void equalityIncludesTtls() throws Exception {
        String base = "$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 NS ns1\n";
        assertEquals(parse(base + "a 60 A 192.0.2.1\n"), parse(base + "A 60 A 192.0.2.1\n"));
        assertNotEquals(parse(base + "a 60 A 192.0.2.1\n"), parse(base + "a 61 A 192.0.2.1\n"));
    }
}
