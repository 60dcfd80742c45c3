package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rootzone.coordination.model.SyntheticZones.dnskey;
import static rootzone.coordination.model.SyntheticZones.zone;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

class InfrastructureChangesTest {

    private static List<InfrastructureChange> detect(Zone a, Zone b) {
        return InfrastructureChanges.detect(a, b, ZoneDiff.between(a, b));
    }

    private static List<String> labels(Zone a, Zone b) {
        return detect(a, b).stream().map(InfrastructureChange::label).toList();
    }

    private static int tag(Zone z, int flags) {
        return z.rrset(Name.root, Type.DNSKEY).records().stream().map(r -> (DNSKEYRecord) r)
                .filter(k -> k.getFlags() == flags).findFirst().orElseThrow().getFootprint();
    }

    @Test
    void tldChangesAndTtlOnlyChangesAreNotInfrastructure() {
        Zone a = zone(1, dnskey(257, 1), dnskey(256, 2));
        Zone b = zone(2, dnskey(257, 1), dnskey(256, 2), "org. 172800 IN NS a0.org.afilias-nst.info.");
        assertEquals(List.of(), labels(a, b));
        Zone ttl = zone(3, ". 86400 IN DNSKEY 257 3 8 " + SyntheticZones.key(1), dnskey(256, 2));
        assertEquals(List.of(), labels(a, ttl));
    }

    @Test
    void zskRolloverKskRevocationAndRemoval() {
        Zone a = zone(1, dnskey(257, 1), dnskey(256, 2));
        Zone b = zone(2, dnskey(257, 1), dnskey(256, 2), dnskey(256, 3));
        int zsk2 = tag(a, 256);
        int ksk = tag(a, 257);
        List<InfrastructureChange> added = detect(a, b);
        assertEquals(1, added.size());
        assertEquals(InfrastructureChange.Kind.DNSKEY_ADDED, added.get(0).kind());
        assertEquals("ZSK", added.get(0).keyRole());
        Zone c = zone(3, dnskey(257 | 128, 1), dnskey(256, 3), dnskey(257, 4));
        int revoked = tag(c, 385);
        int newKsk = tag(c, 257);
        assertEquals(List.of("DNSKEY_REVOKED KSK " + ksk + " (now " + revoked + ")", "DNSKEY_ADDED KSK " + newKsk,
                "DNSKEY_REMOVED ZSK " + zsk2), labels(b, c));
    }

    @Test
    void serverRenumberingRootNsAndApexTypes() {
        Zone a = zone(1, dnskey(257, 1));
        Zone b = SyntheticZones.zoneFrom(SyntheticZones.BASE
                .replace("199.9.14.201", "170.247.170.2").replace("2001:500:200::b", "2801:1b8:10::b"), 2, dnskey(257, 1));
        List<InfrastructureChange> changes = detect(a, b);
        assertEquals(1, changes.size());
        InfrastructureChange c = changes.get(0);
        assertEquals("SERVER_ADDRESS_CHANGED b.root-servers.net.", c.label());
        assertEquals(List.of("199.9.14.201", "2001:500:200::b"), c.before());
        assertEquals(List.of("170.247.170.2", "2801:1b8:10::b"), c.after());

        Zone d = zone(3, dnskey(257, 1), ". 518400 IN NS c.root-servers.net.", "c.root-servers.net. 518400 IN A 192.33.4.12",
                ". 86400 IN ZONEMD 3 1 1 " + "00".repeat(48));
        assertEquals(List.of("ROOT_NS_ADDED c.root-servers.net.", "SERVER_ADDRESS_CHANGED c.root-servers.net.",
                "APEX_TYPE_ADDED ZONEMD"), labels(a, d));
        assertEquals(List.of("ROOT_NS_REMOVED c.root-servers.net.", "SERVER_ADDRESS_CHANGED c.root-servers.net.",
                "APEX_TYPE_REMOVED ZONEMD"), labels(d, a));
    }

    @Test
    void whatTheDiffAloneRulesOut() throws Exception {
        String soa1 = ". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400";
        String soa2 = soa1.replace(" 1 1800", " 2 1800");
        String sig = ". 86400 IN RRSIG %s 8 0 86400 20250101000000 20240101000000 1 . " + "AAAA".repeat(8);
        String zonemd = ". 86400 IN ZONEMD %d 1 1 " + "00".repeat(48);
        // A version that only re-signs the apex: its SOA, the RRSIGs over it, a new ZONEMD.
        assertFalse(InfrastructureChanges.canChange(diff(List.of(soa1, sig.formatted("SOA"), zonemd.formatted(1)),
                List.of(soa2, sig.formatted("SOA").replace(" 1 . ", " 2 . "), zonemd.formatted(2))), Name.root));
        // One apex type only added or only removed: the apex's types may change.
        assertTrue(InfrastructureChanges.canChange(diff(List.of(soa1), List.of(soa2, zonemd.formatted(2))), Name.root));
        assertTrue(InfrastructureChanges.canChange(diff(List.of(soa1, zonemd.formatted(1)), List.of(soa2)), Name.root));
        assertTrue(InfrastructureChanges.canChange(diff(List.of(soa1), List.of(soa2, sig.formatted("ZONEMD"))), Name.root));
        // Apex NS and DNSKEY, and the root servers' addresses, always.
        assertTrue(InfrastructureChanges.canChange(diff(List.of(), List.of(". 518400 IN NS m.root-servers.net.")), Name.root));
        assertTrue(InfrastructureChanges.canChange(diff(List.of(), List.of(dnskey(256, 5))), Name.root));
        assertTrue(InfrastructureChanges.canChange(diff(List.of("b.root-servers.net. 518400 IN A 199.9.14.201"), List.of()), Name.root));
        // A TLD's delegation and a root server's other records: nothing to detect.
        assertFalse(InfrastructureChanges.canChange(diff(List.of(), List.of("org. 172800 IN NS a0.org.afilias-nst.info.",
                "b.root-servers.net. 518400 IN TXT \"b\"")), Name.root));
    }

    private static ZoneDiff diff(List<String> removed, List<String> added) throws Exception {
        return new ZoneDiff(1, 2, records(removed), records(added));
    }

    private static List<org.xbill.DNS.Record> records(List<String> texts) throws Exception {
        List<org.xbill.DNS.Record> out = new java.util.ArrayList<>();
        for (String t : texts) {
            org.xbill.DNS.Master m = new org.xbill.DNS.Master(new java.io.ByteArrayInputStream(t.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), Name.root);
            out.add(m.nextRecord());
        }
        return out;
    }
}
