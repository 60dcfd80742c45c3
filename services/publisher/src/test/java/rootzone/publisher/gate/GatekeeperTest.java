package rootzone.publisher.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import rootzone.publisher.support.TestZones;
import rootzone.events.RejectReason;
import rootzone.zone.ContentDigest;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;

/** The gates on generated zones, with the real zone-core checks. */
class GatekeeperTest {

    private final Gatekeeper gates = Gatekeeper.standard();
    private final ZonePolicy policy = ZonePolicy.defaults();
    private final Instant now = Instant.parse("2024-06-01T00:00:00Z");

    private Decision decide(Zone candidate, Zone previous, String override) {
        return gates.decide(candidate, ContentDigest.of(candidate), previous,
                previous == null ? null : ContentDigest.of(previous), policy, override, now);
    }

    private static Zone zone(long serial, Set<Integer> changed) {
        return TestZones.parse(TestZones.text("example.", serial, 100, changed));
    }

    private static RejectReason reason(Decision d) {
        return assertInstanceOf(Decision.Refuse.class, d).refusal().reason();
    }

    @Test
    void firstVersionIsTheWholeZone() {
        Decision.Publish p = assertInstanceOf(Decision.Publish.class, decide(zone(1, Set.of()), null, null));
        assertEquals(203, p.diff().added().size());
        assertTrue(p.diff().removed().isEmpty());
    }

    @Test
    void serialMustBeNewerInRfc1982Terms() {
        Zone prev = zone(4294967290L, Set.of());
        // Wrapping past 2^32 - 1 is newer (RFC 1982): 5 follows 4294967290.
        assertInstanceOf(Decision.Publish.class, decide(zone(5, Set.of(1)), prev, null));
        assertEquals(RejectReason.SERIAL_NOT_NEWER, reason(decide(zone(4294967280L, Set.of(1)), prev, null)));
        // Exactly 2^31 apart: undefined, so not newer.
        assertEquals(RejectReason.SERIAL_NOT_NEWER, reason(decide(zone(2147483642L, Set.of(1)), prev, null)));
    }

    @Test
    void sameSerialSameContentIsANoOpDifferentContentIsRefused() {
        Zone prev = zone(10, Set.of());
        assertInstanceOf(Decision.AlreadyPublished.class, decide(zone(10, Set.of()), prev, null));
        assertEquals(RejectReason.SERIAL_REUSED, reason(decide(zone(10, Set.of(3)), prev, null)));
    }

    @Test
    void blastRadiusCountsRemovedAndChangedDelegationsNotNewOnes() {
        Zone prev = zone(10, Set.of());
        // 5 of 100 changed: exactly the 5 % limit, allowed.
        Decision.Publish five = assertInstanceOf(Decision.Publish.class, decide(zone(11, Set.of(1, 2, 3, 4, 5)), prev, null));
        assertEquals(5, five.blastRadius().touched().size());
        assertNull(five.blastRadiusOverride());
        // 6 of 100: refused without an override, published with one (and the reason kept).
        Zone six = zone(11, Set.of(1, 2, 3, 4, 5, 6));
        assertEquals(RejectReason.BLAST_RADIUS, reason(decide(six, prev, null)));
        assertEquals(RejectReason.BLAST_RADIUS, reason(decide(six, prev, "  ")));
        assertEquals("planned", assertInstanceOf(Decision.Publish.class, decide(six, prev, " planned ")).blastRadiusOverride());
        // 100 new delegations added: nothing existing touched.
        Zone grown = TestZones.parse(TestZones.text("example.", 11, 200, Set.of()));
        assertEquals(0, assertInstanceOf(Decision.Publish.class, decide(grown, prev, null)).blastRadius().touched().size());
        // 10 delegations removed: 10 %.
        Zone shrunk = TestZones.parse(TestZones.text("example.", 11, 90, Set.of()));
        assertEquals(RejectReason.BLAST_RADIUS, reason(decide(shrunk, prev, null)));
    }

    @Test
    void structuralProblemsAreRefusedBeforeAnythingElse() {
        String text = TestZones.text(5, 3).replace("ns.d1 IN A 198.51.1.100\n", "");
        assertEquals(RejectReason.INVALID_ZONE, reason(decide(TestZones.parse(text), null, null)), "missing glue");
        String outside = TestZones.text(5, 3) + "www.example.org. IN A 192.0.2.8\n";
        assertEquals(RejectReason.INVALID_ZONE, reason(decide(TestZones.parse(outside), null, null)), "out of zone");
    }

    @Test
    void zonemdAndDnssecPoliciesAreEnforced() {
        Zone unsigned = zone(1, Set.of());
        ZonePolicy requireZonemd = new ZonePolicy(new VersionPolicy(VersionPolicy.Zonemd.REQUIRE, VersionPolicy.Dnssec.IGNORE, List.of(), Set.of()), 0.05);
        assertEquals(RejectReason.ZONEMD_MISSING, reason(gates.decide(unsigned, ContentDigest.of(unsigned), null, null,
                requireZonemd, null, now)));
        String badZonemd = TestZones.text(1, 3) + "@ 3600 IN ZONEMD 1 1 1 " + "00".repeat(48) + "\n";
        Zone wrong = TestZones.parse(badZonemd);
        assertEquals(RejectReason.ZONEMD_MISMATCH, reason(gates.decide(wrong, ContentDigest.of(wrong), null, null,
                policy, null, now)));
        ZonePolicy requireDnssec = new ZonePolicy(new VersionPolicy(VersionPolicy.Zonemd.VERIFY_IF_PRESENT, VersionPolicy.Dnssec.REQUIRE,
                List.of(TestZones.parse("$ORIGIN example.\n@ 3600 IN SOA ns1 h 1 60 30 86400 300\n@ 3600 IN DS 1 8 2 "
                        + "00".repeat(32) + "\n").rrset(TestZones.name("example."), org.xbill.DNS.Type.DS).first()), Set.of()), 0.05);
        assertEquals(RejectReason.DNSSEC_MISSING, reason(gates.decide(unsigned, ContentDigest.of(unsigned), null, null,
                requireDnssec, null, now)));
        assertThrows(IllegalArgumentException.class,
                () -> new ZonePolicy(new VersionPolicy(VersionPolicy.Zonemd.VERIFY_IF_PRESENT, VersionPolicy.Dnssec.REQUIRE,
                        List.of(), Set.of()), 0.05), "REQUIRE needs an anchor");
        // The import relaxation leaves the ZONEMD out, as a node honours it for a version that names it.
        assertInstanceOf(Decision.Publish.class, gates.decide(wrong, ContentDigest.of(wrong), null, null, new ZonePolicy(
                VersionPolicy.defaults().relaxed(Set.of(VersionPolicy.Relaxation.ZONEMD)), 0.05), null, now));
    }
}
