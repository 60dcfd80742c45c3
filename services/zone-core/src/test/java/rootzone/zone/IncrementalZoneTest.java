package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A version built from the previous one plus a delta (sharing every block it did not touch) is the
 * zone a full build of the same records gives: same records, RRsets, names, cuts and digests.
 */
class IncrementalZoneTest {

    /** Everything a reader can ask of a zone, compared with a full build of the same records. */
    static void assertSameAsFullBuild(Zone incremental) {
        Zone full = Zone.of(incremental.origin(), new ArrayList<>(incremental.records()));
        assertEquals(full, incremental);
        assertEquals(full.records(), incremental.records());
        assertEquals(full.rrsets(), incremental.rrsets());
        assertEquals(full.delegations(), incremental.delegations());
        assertEquals(full.soa(), incremental.soa());
        Set<Name> names = new HashSet<>();
        for (RRset set : full.rrsets()) {
            names.add(set.name());
            assertEquals(full.rrsetsAt(set.name()), incremental.rrsetsAt(set.name()), set.name().toString());
            assertEquals(full.delegationFor(set.name()), incremental.delegationFor(set.name()), set.name().toString());
        }
        for (Name n : names) {
            for (Name a = n; a.labels() > 1; a = new Name(a, 1)) {
                assertEquals(full.exists(a), incremental.exists(a), a.toString());
            }
        }
        for (int i = 0; i < full.size(); i += Math.max(1, full.size() / 500)) {
            assertEquals(full.records().get(i), incremental.records().get(i));
            assertTrue(java.util.Arrays.equals(full.canonicalRdata(i), incremental.canonicalRdata(i)));
        }
        assertEquals(ContentDigest.hex(ContentDigest.of(full)), ContentDigest.hex(ContentDigest.of(incremental)));
        assertEquals(blockBounds(full), blockBounds(incremental), "blocks depend on the content only");
    }

    private static List<Name> blockBounds(Zone zone) {
        List<Name> firsts = new ArrayList<>();
        for (Zone.Block b : zone.blocks()) {
            firsts.add(b.first());
        }
        return firsts;
    }

    @Test
    void randomDeltasToASyntheticZoneGiveTheFullBuild() {
        Random random = new Random(14);
        Zone zone = SyntheticZone.of(Name.root, 20_000, 2026010100L);
        for (int v = 0; v < 30; v++) {
            Zone before = zone;
            ZoneDiff delta = SyntheticZone.randomDelta(zone, random, 1 + random.nextInt(40));
            zone = delta.applyTo(zone);
            assertSameAsFullBuild(zone);
            assertEquals(delta, ZoneDiff.between(before, zone));
            Set<Name> touched = new HashSet<>();
            delta.removed().forEach(r -> touched.add(r.getName()));
            delta.added().forEach(r -> touched.add(r.getName()));
            Set<Name> changed = zone.changedOwners(before);
            assertTrue(touched.containsAll(changed), "changed owners are owners the delta names: " + changed);
        }
    }

    @Test
    void aDeltaSharesEveryBlockItDoesNotTouch() {
        Zone zone = SyntheticZone.of(Name.root, 20_000, 2026010100L);
        Zone next = SyntheticZone.routineDelta(zone, 1).applyTo(zone);
        Set<Zone.Block> old = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        old.addAll(List.of(zone.blocks()));
        long fresh = java.util.Arrays.stream(next.blocks()).filter(b -> !old.contains(b)).count();
        assertTrue(fresh <= 5, fresh + " of " + next.blocks().length + " blocks rebuilt for 5 changed owners");
        Name untouched = next.rrsets().get(next.rrsets().size() / 2).name();
        if (!next.changedOwners(zone).contains(untouched)) {
            assertSame(zone.rrsetsAt(untouched), next.rrsetsAt(untouched));
        }
        assertEquals(5, next.changedOwners(zone).size());
    }

    /** A zone built whole counts the owners below each name in one walk; removals must then take every count to zero. */
    @Test
    void removingEachOwnerOfAWholeBuildInTurnEmptiesItsNames() throws Exception {
        Name origin = Name.fromString("example.");
        List<Record> records = new ArrayList<>();
        records.add(Record.fromString(origin, org.xbill.DNS.Type.SOA, org.xbill.DNS.DClass.IN, 3600,
                "ns.example. host.example. 1 7200 3600 1209600 3600", origin));
        for (String owner : List.of("a.b.c", "d.b.c", "b.c", "x", "e.f.g.h", "h", "i.h", "j.k.i.h", "z.y")) {
            records.add(Record.fromString(Name.fromString(owner, origin), org.xbill.DNS.Type.A, org.xbill.DNS.DClass.IN, 3600,
                    "192.0.2.1", origin));
        }
        Zone zone = Zone.of(origin, records);
        List<Record> owners = new ArrayList<>(zone.records().subList(1, zone.size()));
        java.util.Collections.shuffle(owners, new Random(14));
        for (Record r : owners) {
            zone = new ZoneDiff(1, 1, List.of(r), List.of()).applyTo(zone);
            assertSameAsFullBuild(zone);
            Zone full = Zone.of(origin, new ArrayList<>(zone.records()));
            for (Record was : records) {
                for (Name a = was.getName(); a.subdomain(origin); a = new Name(a, 1)) {
                    assertEquals(full.exists(a), zone.exists(a), a + " after removing " + r.getName());
                }
            }
        }
        assertEquals(1, zone.size());
        assertTrue(!zone.exists(Name.fromString("c.example.")) && !zone.exists(Name.fromString("g.h.example.")));
    }

    @Test
    void deltasFromAnEmptyZoneAndDownToOne() {
        Zone empty = Zone.of(Name.root, List.of());
        Zone full = SyntheticZone.of(Name.root, 500, 1);
        Zone built = new ZoneDiff(0, 1, List.of(), full.records()).applyTo(empty);
        assertSameAsFullBuild(built);
        List<Record> all = new ArrayList<>(full.records());
        Record soa = full.soa();
        all.remove(soa);
        Zone one = new ZoneDiff(1, 1, all, List.of()).applyTo(built);
        assertEquals(List.of(soa), one.records());
        assertSameAsFullBuild(one);
    }

    @Test
    void aDeltaThatDoesNotFitChangesNothing() {
        Zone zone = SyntheticZone.of(Name.root, 2_000, 1);
        Record present = zone.records().get(zone.size() / 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ZoneDiff(1, 1, List.of(), List.of(present)).applyTo(zone));
        assertTrue(e.getMessage().startsWith("added record already in zone"), e.getMessage());
        assertSameAsFullBuild(zone);
    }

    @Test
    void theRealRootZoneHistoryAppliedVersionByVersion() throws Exception {
        Zone head = ZoneParser.parse(RootZoneHistory.version(0), Name.root);
        for (int v = 1; v < Math.min(4, RootZoneHistory.count()); v++) {
            Zone next = ZoneParser.parse(RootZoneHistory.version(v), Name.root);
            Zone applied = ZoneDiff.between(head, next).applyTo(head);
            assertEquals(next, applied);
            assertSameAsFullBuild(applied);
            head = applied;
        }
        Random random = new Random(1995);
        for (int v = 0; v < 5; v++) {
            head = SyntheticZone.randomDelta(head, random, 20).applyTo(head);
            assertSameAsFullBuild(head);
        }
    }
}
