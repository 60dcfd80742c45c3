package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
