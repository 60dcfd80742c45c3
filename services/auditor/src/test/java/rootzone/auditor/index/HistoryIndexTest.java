package rootzone.auditor.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.auditor.testing.TestZones;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

class HistoryIndexTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private final List<Zone> zones = new ArrayList<>();
    private HistoryIndex index;

    /** 11 versions: TLDs come and go, an NS TTL changes and changes back; keyframes every 4. */
    @BeforeEach
    void build() throws Exception {
        zones.addAll(TestZones.changingHistory());
        index = TestZones.index(zones, 4, T0);
    }

    @Test
    void everySerialRebuildsExactlyIncludingTtls() {
        for (Zone z : zones) {
            assertEquals(z, index.zone(z.serial()), "serial " + z.serial());
        }
        assertThrows(NoSuchElementException.class, () -> index.zone(1));
    }

    @Test
    void composedDiffEqualsDiffOfRebuiltZonesInBothDirections() {
        for (Zone a : zones) {
            for (Zone b : zones) {
                ZoneDiff expected = ZoneDiff.between(a, b);
                ZoneDiff actual = index.diff(a.serial(), b.serial());
                assertEquals(expected.removed(), actual.removed(), a.serial() + "->" + b.serial());
                assertEquals(expected.added(), actual.added(), a.serial() + "->" + b.serial());
                assertEquals(a.serial(), actual.fromSerial());
                assertEquals(b.serial(), actual.toSerial());
                // and it rebuilds the target, TTLs included
                assertEquals(b, actual.applyTo(a));
            }
        }
    }

    @Test
    void ttlChangeThatIsRevertedComposesToNothingForThatRecord() {
        ZoneDiff d = index.diff(zones.get(2).serial(), zones.get(8).serial());
        assertTrue(d.added().stream().noneMatch(r -> r.getType() == Type.NS && r.getTTL() == 3600), d.added().toString());
        ZoneDiff across = index.diff(zones.get(2).serial(), zones.get(4).serial());
        assertTrue(across.added().stream().anyMatch(r -> r.getType() == Type.NS && r.getTTL() == 3600));
    }

    @Test
    void delegationsTrackAdditionsAndRemovalsWithTheSerial() {
        List<DelegationChange> d = index.delegations();
        assertEquals(11, d.size());
        assertTrue(d.get(0).baseline());
        assertEquals(4, d.get(0).count());
        assertTrue(d.get(0).added().isEmpty());
        assertEquals(List.of("zz2."), d.get(2).added());
        assertEquals(5, d.get(2).count());
        assertEquals(List.of("xn--p1ai."), d.get(5).added());
        assertEquals(List.of("de."), d.get(5).removed());
        assertEquals(List.of("zz2."), d.get(9).removed());
        assertEquals(4, d.get(10).count());
        // an NS TTL change is not a delegation change
        assertTrue(d.get(3).added().isEmpty() && d.get(3).removed().isEmpty());
    }

    @Test
    void nameHistoryListsEveryVersionTouchingTheNameOrBelow() throws Exception {
        Name deName = Name.fromString("de.");
        Name ns1 = Name.fromString("ns1.nic.de.");
        List<NameChange> de = index.nameHistory(deName);
        // the first load, the NS TTL change, and the removal (the TTL change back comes after it)
        assertEquals(List.of(zones.get(0).serial(), zones.get(3).serial(), zones.get(5).serial()),
                de.stream().map(c -> c.version().serial()).toList());
        NameChange removal = de.get(2);
        assertTrue(removal.added().isEmpty());
        assertTrue(removal.removed().stream().allMatch(r -> r.getName().subdomain(deName)));
        assertTrue(removal.removed().stream().anyMatch(r -> r.getName().equals(ns1)));
        assertTrue(index.nameHistory(Name.fromString("nonexistent.")).isEmpty());
    }

    @Test
    void versionAtTimeIsTheLatestNotAfterIt() {
        assertTrue(index.versionAt(T0.minusSeconds(1)).isEmpty());
        assertEquals(zones.get(0).serial(), index.versionAt(T0).orElseThrow().serial());
        assertEquals(zones.get(3).serial(), index.versionAt(T0.plusSeconds(3 * 3600 + 1799)).orElseThrow().serial());
        assertEquals(zones.get(10).serial(), index.versionAt(T0.plusSeconds(999_999)).orElseThrow().serial());
    }

    @Test
    void refusesADeltaThatDoesNotFitAndKeepsWhatItHad() throws Exception {
        Zone last = zones.get(10);
        Zone next = TestZones.zone(last.serial() + 1, List.of("com"), 172800);
        ZoneDiff good = ZoneDiff.between(last, next);
        Record absent = TestZones.zone(1, List.of("absent"), 172800).records().stream()
                .filter(r -> r.getName().toString().equals("absent.")).findFirst().orElseThrow();
        List<Record> removed = new ArrayList<>(good.removed());
        removed.add(absent);
        removed.sort(rootzone.zone.CanonicalOrder.RECORDS);
        IndexedVersion info = TestZones.info(last, next, T0.plusSeconds(86400), 11);
        IndexedVersion lying = new IndexedVersion(info.serial(), info.previousSerial(), info.committedAt(), info.capturedAt(),
                info.publisher(), info.source(), false, info.recordCount() - 1, info.removedCount() + 1, info.addedCount(),
                info.contentDigest(), null, 0, 11);
        InconsistentLogException e = assertThrows(InconsistentLogException.class,
                () -> index.append(lying, new ZoneDiff(last.serial(), next.serial(), removed, good.added())));
        assertTrue(e.getMessage().contains("does not hold") && e.getMessage().contains("absent."), e.getMessage());
        assertEquals(next.serial(), e.serial());
        assertEquals(11, index.size());
        assertEquals(last, index.zone(last.serial()));
        // the index still takes the right version after refusing the wrong one
        index.append(info, good);
        assertEquals(next, index.zone(next.serial()));
    }

    @Test
    void refusesAWrongPreviousSerialOrCount() {
        Zone last = zones.get(10);
        Zone next = TestZones.zone(last.serial() + 1, List.of("com"), 172800);
        IndexedVersion info = TestZones.info(last, next, T0, 11);
        IndexedVersion gap = new IndexedVersion(info.serial(), last.serial() - 1, info.committedAt(), info.capturedAt(),
                info.publisher(), info.source(), false, info.recordCount(), info.removedCount(), info.addedCount(),
                info.contentDigest(), null, 0, 11);
        InconsistentLogException e = assertThrows(InconsistentLogException.class, () -> index.append(gap, ZoneDiff.between(last, next)));
        assertTrue(e.getMessage().contains("previous serial is " + (last.serial() - 1)), e.getMessage());
        IndexedVersion count = new IndexedVersion(info.serial(), last.serial(), info.committedAt(), info.capturedAt(),
                info.publisher(), info.source(), false, info.recordCount() + 1, info.removedCount(), info.addedCount(),
                info.contentDigest(), null, 0, 11);
        assertThrows(InconsistentLogException.class, () -> index.append(count, ZoneDiff.between(last, next)));
        assertEquals(11, index.size());
    }

    @Test
    void refusesAWrongDigest() throws Exception {
        HistoryIndex small = new HistoryIndex(Name.root, 2);
        small.append(TestZones.info(null, zones.get(0), T0, 0), TestZones.delta(null, zones.get(0)));
        small.append(TestZones.info(zones.get(0), zones.get(1), T0, 1), TestZones.delta(zones.get(0), zones.get(1)));
        IndexedVersion info = TestZones.info(zones.get(1), zones.get(2), T0, 2);
        byte[] forged = info.contentDigest();
        forged[0] ^= 1;
        IndexedVersion wrong = new IndexedVersion(info.serial(), info.previousSerial(), info.committedAt(), info.capturedAt(),
                info.publisher(), info.source(), false, info.recordCount(), info.removedCount(), info.addedCount(),
                forged, null, 0, 2);
        InconsistentLogException e = assertThrows(InconsistentLogException.class,
                () -> small.append(wrong, TestZones.delta(zones.get(1), zones.get(2))));
        assertTrue(e.getMessage().contains("content digest"), e.getMessage());
        assertEquals(2, small.size());
        assertFalse(small.version(zones.get(2).serial()).isPresent());
    }

    /**
     * An index snapshot loaded back: versions readable at once, keyframes and the latest zone built and checked
     * on first use. Deltas altered so that only a keyframe shows it (a record of serial 0 swapped in its addition
     * and in the later removal, counts and latest zone unchanged) load, then fail the check and every query built
     * on it (keyframes are built one on the other), the latest version's zone aside.
     */
    @Test
    void snapshotKeyframesAreCheckedOnFirstUseAndAnAlteredOneIsRefused() throws Exception {
        HistoryIndex honest = new HistoryIndex(Name.root, 4);
        honest.appendAll(index.indexed());
        assertEquals(4, honest.uncheckedZones(), "3 keyframes and the latest zone");
        assertEquals(zones.get(5), honest.zone(zones.get(5).serial()));
        assertEquals(2, honest.uncheckedZones(), "keyframe 4 built and checked, on keyframe 0 (checked too)");
        honest.checkLoadedZones();
        assertEquals(0, honest.uncheckedZones());
        for (Zone z : zones) {
            assertEquals(z, honest.zone(z.serial()), "serial " + z.serial());
        }

        List<IndexSnapshot.Version> versions = new ArrayList<>(index.indexed());
        int removedAt = -1;
        Record original = null;
        for (Record r : versions.get(0).delta().added()) {
            for (int k = 1; k < versions.size() && original == null; k++) {
                if (r.getType() == Type.NS && versions.get(k).delta().removed().contains(r)) {
                    original = r;
                    removedAt = k;
                }
            }
        }
        assertTrue(original != null && removedAt < 4, "the history removes one of serial 0's NS records before keyframe 4");
        Record swapped = new org.xbill.DNS.NSRecord(original.getName(), original.getDClass(), original.getTTL(),
                Name.fromString("forged.example."));
        versions.set(0, swap(versions.get(0), original, swapped, false));
        versions.set(removedAt, swap(versions.get(removedAt), original, swapped, true));
        HistoryIndex altered = new HistoryIndex(Name.root, 4);
        altered.appendAll(versions);
        assertEquals(zones.get(10), altered.zone(zones.get(10).serial()), "the latest version is built from the head and checked");
        InconsistentLogException e = assertThrows(InconsistentLogException.class, altered::checkLoadedZones);
        assertEquals(zones.get(0).serial(), e.serial());
        assertTrue(e.getMessage().contains("content digest"), e.getMessage());
        IllegalStateException q = assertThrows(IllegalStateException.class, () -> altered.zone(zones.get(1).serial()));
        assertTrue(q.getMessage().contains("content digest"), q.getMessage());
        assertThrows(IllegalStateException.class, () -> altered.zone(zones.get(5).serial()), "keyframe 4 is built on keyframe 0");
    }

    /**
     * Deltas altered so that only the latest zone shows it (the SOA record the last version adds replaced by
     * another of the same serial: counts and keyframes unchanged): loaded, then the check, a query of the latest
     * serial and the next version's append each refuse it, and the index keeps what it had.
     */
    @Test
    void snapshotLatestZoneIsCheckedOnFirstUse() throws Exception {
        List<IndexSnapshot.Version> versions = new ArrayList<>(index.indexed());
        int last = versions.size() - 1;
        org.xbill.DNS.SOARecord added = (org.xbill.DNS.SOARecord) versions.get(last).delta().added().stream()
                .filter(r -> r.getType() == Type.SOA).findFirst().orElseThrow();
        Record forged = new org.xbill.DNS.SOARecord(added.getName(), added.getDClass(), added.getTTL(), added.getHost(), added.getAdmin(),
                added.getSerial(), added.getRefresh() + 1, added.getRetry(), added.getExpire(), added.getMinimum());
        versions.set(last, swap(versions.get(last), added, forged, false));
        HistoryIndex altered = new HistoryIndex(Name.root, 4);
        altered.appendAll(versions.subList(0, last + 1));
        assertEquals(4, altered.uncheckedZones());
        InconsistentLogException e = assertThrows(InconsistentLogException.class, altered::checkLoadedZones);
        assertEquals(zones.get(last).serial(), e.serial(), "the keyframes hold, the latest zone does not");
        assertTrue(e.getMessage().contains("content digest"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> altered.zone(zones.get(last).serial()));
        assertThrows(IllegalStateException.class, altered::latestZone);
        Zone next = TestZones.zone(".", zones.get(last).serial() + 1, new java.util.TreeSet<>(List.of("com")), 3600);
        assertThrows(InconsistentLogException.class, () -> altered.append(TestZones.info(zones.get(last), next, T0, last + 1),
                TestZones.delta(zones.get(last), next)));
        assertEquals(last + 1, altered.size(), "the next version is not appended on a refused zone");
        assertEquals(zones.get(last - 1), altered.zone(zones.get(last - 1).serial()), "versions before it still rebuild");
    }

    private static IndexSnapshot.Version swap(IndexSnapshot.Version v, Record from, Record to, boolean inRemoved) {
        List<Record> side = new ArrayList<>(inRemoved ? v.delta().removed() : v.delta().added());
        side.set(side.indexOf(from), to);
        ZoneDiff d = v.delta();
        return new IndexSnapshot.Version(v.info(), inRemoved ? new ZoneDiff(d.fromSerial(), d.toSerial(), side, d.added())
                : new ZoneDiff(d.fromSerial(), d.toSerial(), d.removed(), side));
    }
}
