package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import rootzone.zone.SyntheticZone;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The index made from the previous version's (ZoneIndex.next, what ServedZone.switchTo does) is the
 * index a full build of the same version gives: every name and RRset, every zone cut, the NSEC owners,
 * and byte for byte the same answers to queries at and around every name the deltas touched, and at
 * the delegations naming them as servers, each asked before the switch too, so that the templates the
 * new index takes over from the old one's caches (Dependency) are compared with fresh renders.
 */
class IncrementalIndexTest {

    private static final int[] TYPES = {Type.A, Type.AAAA, Type.NS, Type.DS, Type.TXT, Type.SOA, Type.NSEC, Type.ANY};

    /** Same nodes (name, RRsets, cut), same NSEC owners, same covering NSEC for the names probed. */
    static void assertSameIndex(ZoneIndex full, ZoneIndex incremental, List<Name> probes) {
        Map<Name, DomainNode> mine = new HashMap<>();
        for (DomainNode n : incremental.nodes()) {
            mine.put(n.name, n);
        }
        List<DomainNode> theirs = full.nodes();
        assertEquals(theirs.size(), mine.size(), "node count");
        for (DomainNode f : theirs) {
            DomainNode i = mine.get(f.name);
            assertTrue(i != null, "missing " + f.name);
            assertEquals(f.rrsets, i.rrsets, f.name.toString());
            assertEquals(f.cut == null ? null : f.cut.name, i.cut == null ? null : i.cut.name, "cut of " + f.name);
            assertTrue(i.cut == null || i.cut == incremental.find(i.cut.name), "cut of " + f.name + " is the current node");
            assertTrue(i == incremental.find(f.name), f.name.toString());
        }
        assertEquals(names(full.nsecOwners()), names(incremental.nsecOwners()));
        assertEquals(full.apex().name, incremental.apex().name);
        assertEquals(full.apex().rrsets, incremental.apex().rrsets);
        assertEquals(full.secure(), incremental.secure());
        for (Name p : probes) {
            DomainNode a = full.coveringNsec(p);
            DomainNode b = incremental.coveringNsec(p);
            assertEquals(a == null ? null : a.name, b == null ? null : b.name, "NSEC covering " + p);
        }
    }

    private static List<Name> names(List<DomainNode> nodes) {
        return nodes.stream().map(n -> n.name).toList();
    }

    private static QueryProcessor processor(ServedZone served) {
        return new QueryProcessor(served, AnswerConfig.defaults(new NodeIdentity("node-1", "host-1", null)), new QueryStats(), false);
    }

    private static byte[] answer(QueryProcessor processor, Name name, int type, boolean dnssec) {
        Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        m.getHeader().setID(1034);
        if (dnssec) {
            m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        byte[] query = m.toWire();
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        int n = processor.process(query, query.length, false, new ParsedQuery(), out);
        return Arrays.copyOf(out, n);
    }

    /** Names at and around every owner a delta named: the owner, its parent, a name below it. */
    private static List<Name> probes(ZoneDiff delta, Zone zone, Random random) throws Exception {
        List<Name> out = new ArrayList<>();
        List<Record> changed = new ArrayList<>(delta.removed());
        changed.addAll(delta.added());
        for (Record r : changed) {
            Name n = r.getName();
            out.add(n);
            if (n.labels() > 1) {
                out.add(new Name(n, 1));
            }
            out.add(Name.fromString("nx" + random.nextInt(100), n));
        }
        for (int k = 0; k < 20; k++) {
            out.add(zone.records().get(random.nextInt(zone.size())).getName());
        }
        // the delegations (and the apex) whose referrals or answers show a changed name's glue
        Set<Name> named = new java.util.HashSet<>(changed.stream().map(Record::getName).toList());
        for (Record r : zone.records()) {
            if (r instanceof org.xbill.DNS.NSRecord ns && named.contains(ns.getTarget())) {
                out.add(r.getName());
                out.add(Name.fromString("www", r.getName()));
            }
        }
        return out;
    }

    private static void ask(QueryProcessor processor, List<Name> probes) {
        for (Name p : probes) {
            for (int type : TYPES) {
                answer(processor, p, type, false);
                answer(processor, p, type, true);
            }
        }
    }

    /** Applies the deltas one by one, switching a served zone incrementally, and checks each version. */
    private static void check(Zone first, List<ZoneDiff> deltas, Random random) throws Exception {
        ServedZone incremental = new ServedZone();
        incremental.switchTo(first);
        QueryProcessor mine = processor(incremental);
        Zone zone = first;
        for (ZoneDiff delta : deltas) {
            List<Name> probes = probes(delta, zone, random);
            ask(mine, probes); // rendered in the version before: the next index may take them over
            zone = delta.applyTo(zone);
            ZoneIndex i = incremental.switchTo(zone);
            ServedZone fresh = new ServedZone();
            ZoneIndex f = fresh.switchTo(zone);
            QueryProcessor theirs = processor(fresh);
            assertSameIndex(f, i, probes);
            for (Name p : probes) {
                for (int type : TYPES) {
                    for (boolean dnssec : new boolean[] {false, true}) {
                        assertArrayEquals(answer(theirs, p, type, dnssec), answer(mine, p, type, dnssec),
                                p + " " + Type.string(type) + (dnssec ? " DO" : "") + " at serial " + zone.serial());
                    }
                }
            }
        }
    }

    @Test
    void randomDeltasToASyntheticZone() throws Exception {
        Random random = new Random(14);
        Zone zone = SyntheticZone.of(Name.root, 20_000, 2026010100L);
        List<ZoneDiff> deltas = new ArrayList<>();
        Zone z = zone;
        for (int v = 0; v < 25; v++) {
            ZoneDiff d = SyntheticZone.randomDelta(z, random, 1 + random.nextInt(30));
            deltas.add(d);
            z = d.applyTo(z);
        }
        check(zone, deltas, random);
    }

    @Test
    void anUntouchedNameKeepsItsNode() {
        Zone zone = SyntheticZone.of(Name.root, 5_000, 1);
        ZoneIndex a = ZoneIndex.of(zone);
        Zone next = SyntheticZone.routineDelta(zone, 7).applyTo(zone);
        ZoneIndex b = a.next(next);
        Set<Name> changed = next.changedOwners(zone);
        int shared = 0;
        for (DomainNode n : b.nodes()) {
            if (a.find(n.name) == n) {
                shared++;
            }
        }
        // the changed owners, and the names below the 4 delegations whose DS changed (2 glue, 1 ENT each)
        assertEquals(b.nodes().size() - changed.size() - 4 * 3, shared);
    }

    /**
     * After a switch, a referral whose delegation and glue did not change is the very template the old
     * index rendered; one whose glue changed is rendered again and shows the new address; an NXDOMAIN
     * gets the new SOA (and all of them are what a fresh index answers, byte for byte).
     */
    @Test
    void aSwitchTakesOverOnlyTheTemplatesWhoseDataDidNotChange() throws Exception {
        Zone zone = SyntheticZone.of(Name.root, 2_000, 1);
        ServedZone served = new ServedZone();
        ZoneIndex before = served.switchTo(zone);
        QueryProcessor processor = processor(served);
        Name kept = Name.fromString("d7.");
        Name moved = Name.fromString("d9.");
        Name glue = Name.fromString("ns0.nic.d9.");
        Name nx = Name.fromString("nothing-here.");
        ask(processor, List.of(Name.fromString("www.d7."), Name.fromString("www.d9."), nx));
        Template keptBefore = before.find(kept).caches(before.generation).referral[0];
        Template movedBefore = before.find(moved).caches(before.generation).referral[0];
        Template nxBefore = before.apex().caches(before.generation).nxdomainPlain[0];
        assertTrue(keptBefore != null && movedBefore != null && nxBefore != null, "rendered before the switch");

        org.xbill.DNS.SOARecord soa = zone.soa();
        Record oldGlue = zone.rrset(glue, Type.A).first();
        Record newGlue = new org.xbill.DNS.ARecord(glue, DClass.IN, 172800, java.net.InetAddress.getByName("10.99.0.9"));
        Record newSoa = new org.xbill.DNS.SOARecord(Name.root, DClass.IN, soa.getTTL(), soa.getHost(), soa.getAdmin(),
                2, soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
        ZoneDiff delta = new ZoneDiff(1, 2, List.of(soa, oldGlue), List.of(newSoa, newGlue));
        Zone next = delta.applyTo(zone);
        ZoneIndex after = served.switchTo(next);
        QueryProcessor fresh = processor(new ServedZone());
        ServedZone freshServed = new ServedZone();
        freshServed.switchTo(next);
        fresh = processor(freshServed);
        for (Name q : List.of(Name.fromString("www.d7."), Name.fromString("www.d9."), nx)) {
            assertArrayEquals(answer(fresh, q, Type.A, false), answer(processor, q, Type.A, false), q.toString());
        }
        assertTrue(after.find(kept) == before.find(kept), "the unchanged delegation keeps its node");
        assertTrue(after.find(kept).caches(after.generation).referral[0] == keptBefore, "its referral is taken over");
        assertTrue(after.find(moved) == before.find(moved), "the delegation whose glue moved keeps its node");
        Template movedAfter = after.find(moved).caches(after.generation).referral[0];
        assertTrue(movedAfter != movedBefore, "its referral is rendered again");
        Template nxAfter = after.apex().caches(after.generation).nxdomainPlain[0];
        assertTrue(after.apex() != before.apex(), "the apex is a new node (its SOA)");
        assertTrue(nxAfter != nxBefore && nxAfter.tail != null, "NXDOMAIN is the old one with the new SOA written at its end");
        Message referral = new Message(answer(processor, Name.fromString("www.d9."), Type.A, false));
        assertTrue(referral.getSection(Section.ADDITIONAL).stream().anyMatch(r -> r.rdataToString().equals("10.99.0.9")),
                "the new glue is in the referral: " + referral);
    }

    @Test
    void theRealRootZoneThenRandomDeltas(@TempDir Path dir) throws Exception {
        Zone root = DnsTestSupport.parse(DnsTestSupport.realRootZone(dir)); // skipped, saying so, without ../shared
        randomDeltas(root, new Random(1995), 10, 15);
    }

    @Test
    void aSignedZoneThenRandomDeltas(@TempDir Path dir) throws Exception {
        Zone signed = DnsTestSupport.parse(DnsTestSupport.signedRootZone(dir));
        randomDeltas(signed, new Random(4034), 20, 6);
    }

    private static void randomDeltas(Zone first, Random random, int versions, int changes) throws Exception {
        List<ZoneDiff> deltas = new ArrayList<>();
        Zone z = first;
        for (int v = 0; v < versions; v++) {
            ZoneDiff d = SyntheticZone.randomDelta(z, random, changes);
            deltas.add(d);
            z = d.applyTo(z);
        }
        check(first, deltas, random);
    }

    /**
     * A prepared index (the local snapshot, indexed while the process boots) is what the first switch to
     * that very zone serves; a first switch to another zone, or any prepare once a version is served, leaves
     * it unused.
     */
    @Test
    void theFirstSwitchTakesTheIndexPreparedForThatZoneOnly() {
        Zone zone = SyntheticZone.of(Name.root, 2_000, 1);
        Zone next = SyntheticZone.routineDelta(zone, 1).applyTo(zone);

        ServedZone restarted = new ServedZone();
        ZoneIndex ready = restarted.prepare(zone).orElseThrow();
        assertEquals(-1, restarted.servedSerial(), "prepared, not served");
        assertSame(ready, restarted.switchTo(zone), "the first switch serves the prepared index");
        ZoneIndex second = restarted.switchTo(next);
        assertSame(next, second.zone(), "the next switch indexes from the served one as always");

        ServedZone refused = new ServedZone();
        ZoneIndex stale = refused.prepare(zone).orElseThrow(); // a snapshot the policy then refuses: another zone first
        Zone other = Zone.of(zone.origin(), new ArrayList<>(next.records()));
        ZoneIndex served = refused.switchTo(other);
        assertNotSame(stale, served);
        assertSame(other, served.zone());
        assertNotSame(stale, refused.switchTo(zone), "dropped, not kept for later");

        ServedZone serving = new ServedZone();
        serving.switchTo(zone);
        assertTrue(serving.prepare(other).isEmpty(), "nothing prepared once a version is served");
        assertSame(next, serving.switchTo(next).zone());
    }
}
