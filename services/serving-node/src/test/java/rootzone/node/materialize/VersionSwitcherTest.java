package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.events.RejectReason;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ContentDigest;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/** The verify-and-switch state machine alone: versions handed in as the log would, no Kafka, no thread. */
class VersionSwitcherTest {

    static final String ZONE = "switch.test.";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    final List<Zone> switched = new ArrayList<>();
    final VersionSwitcher switcher = new VersionSwitcher(ZONE, NodePolicy.digestOnly(), CLOCK, switched::add);

    static Zone v(int i) {
        return TestZones.zone(ZONE, 100 + i, 8, i);
    }

    /** The version {@code next} after {@code prev} (null: the first) at {@code offset}, stating {@code stated}'s digest. */
    static LoggedVersion logged(long offset, Zone prev, Zone next, Zone stated, boolean snapshot) {
        ZoneDiff diff = ZoneDiff.between(prev == null ? Zone.of(next.origin(), List.of()) : prev, next);
        ZoneVersionCommitted c = ZoneVersionCommitted.newBuilder().setEnvelope(Envelopes.placeholder())
                .setSerial(next.serial()).setPreviousSerial(prev == null ? null : prev.serial())
                .setContentDigest(ByteBuffer.wrap(ContentDigest.of(stated))).setRecordCount(next.size())
                .setRemovedCount(diff.removed().size()).setAddedCount(diff.added().size()).setChunkCount(1)
                .setPublisher("test@example").setSource("test").setCapturedAt(Instant.EPOCH).setSnapshot(snapshot).build();
        return new LoggedVersion(offset, c, diff);
    }

    /** The same as a v5 commit: it also states {@code stated}'s content root, which is what is checked. */
    static LoggedVersion withRoot(long offset, Zone prev, Zone next, Zone stated) {
        LoggedVersion v = logged(offset, prev, next, next, false);
        v.committed().setContentRoot(ByteBuffer.wrap(rootzone.zone.ContentRoot.of(stated)));
        return v;
    }

    static LoggedVersion logged(long offset, Zone prev, Zone next) {
        return logged(offset, prev, next, next, false);
    }

    static Optional<Zone> noSnapshot(LoggedVersion v) {
        return Optional.empty();
    }

    VersionSwitcher.Step.Served served(VersionSwitcher.Step step) {
        return assertInstanceOf(VersionSwitcher.Step.Served.class, step);
    }

    @Test
    void servesAChainRefusesABrokenDigestAndServesTheNextVersionAgain() {
        switcher.startFromLogStart();
        VersionSwitch first = served(switcher.onVersion(logged(0, null, v(0)), VersionSwitcherTest::noSnapshot)).change();
        assertNull(first.previous());
        assertNull(first.diff(), "no journal entry for the first version");
        LoggedVersion second = logged(3, v(0), v(1));
        VersionSwitch s2 = served(switcher.onVersion(second, VersionSwitcherTest::noSnapshot)).change();
        assertSame(second.diff(), s2.diff(), "the delta just applied is the journal entry");
        assertEquals(CLOCK.instant(), s2.appliedAt());

        // Serial 102 states the digest of 101: its delta applies, its result is not the stated one.
        VersionSwitcher.Step.Refused r = assertInstanceOf(VersionSwitcher.Step.Refused.class,
                switcher.onVersion(logged(6, v(1), v(2), v(1), false), VersionSwitcherTest::noSnapshot));
        assertEquals(RejectReason.DIGEST_MISMATCH, r.rejection().why().reason());
        assertEquals(102L, r.rejection().serial());
        assertEquals("test@example", r.rejection().publisher());
        assertEquals(OptionalLong.of(7), r.savePosition(), "read past it");
        NodeStatus s = switcher.status(true);
        assertEquals(101, s.servedSerial());
        assertEquals(102, s.headSerial());
        assertEquals(6, s.headOffset());
        assertEquals(1, s.behind());
        assertEquals(1, s.rejections());

        // The head moved to 102 anyway: 103 applies, and its journal entry spans the refused version.
        VersionSwitch s4 = served(switcher.onVersion(logged(9, v(2), v(3)), VersionSwitcherTest::noSnapshot)).change();
        assertEquals(ZoneDiff.between(v(1), v(3)), s4.diff());
        assertEquals(List.of(v(0), v(1), v(3)), switched, "only verified versions are switched in");
        assertEquals(0, switcher.status(true).behind());
        assertEquals(10, switcher.position());
    }

    /**
     * A v5 commit is checked against its content root, not its flat digest: with the right digest and
     * another version's root it is refused (DIGEST_MISMATCH) and not served; with its own root it is.
     */
    @Test
    void aVersionStatingAContentRootIsCheckedAgainstIt() {
        switcher.startFromLogStart();
        served(switcher.onVersion(withRoot(0, null, v(0), v(0)), VersionSwitcherTest::noSnapshot));
        VersionSwitcher.Step.Refused r = assertInstanceOf(VersionSwitcher.Step.Refused.class,
                switcher.onVersion(withRoot(3, v(0), v(1), v(0)), VersionSwitcherTest::noSnapshot));
        assertEquals(RejectReason.DIGEST_MISMATCH, r.rejection().why().reason());
        assertTrue(r.rejection().why().detail().contains("content root"), r.rejection().why().detail());
        assertEquals(100, switcher.status(true).servedSerial());
        served(switcher.onVersion(withRoot(6, v(1), v(2), v(2)), VersionSwitcherTest::noSnapshot));
        assertEquals(List.of(v(0), v(2)), switched, "only verified versions are switched in");
    }

    @Test
    void aLostHeadIsASerialGapUntilASnapshotOfAVersion() {
        switcher.startFromLogStart();
        served(switcher.onVersion(logged(0, null, v(0)), VersionSwitcherTest::noSnapshot));
        // A delta from 101 (which this node never saw) on top of 100: it does not apply.
        VersionSwitcher.Step lost = switcher.onVersion(logged(3, v(1), v(2)) , VersionSwitcherTest::noSnapshot);
        assertEquals(RejectReason.SERIAL_GAP,
                assertInstanceOf(VersionSwitcher.Step.Refused.class, lost).rejection().why().reason());
        VersionSwitcher.Step gap = switcher.onVersion(logged(6, v(2), v(3)), VersionSwitcherTest::noSnapshot);
        assertEquals(RejectReason.SERIAL_GAP, assertInstanceOf(VersionSwitcher.Step.Refused.class, gap).rejection().why().reason());
        // A version written with a snapshot: the node resynchronises from it.
        LoggedVersion withSnapshot = logged(9, v(3), v(4), v(4), true);
        VersionSwitch s = served(switcher.onVersion(withSnapshot, v -> v == withSnapshot ? Optional.of(v(4)) : Optional.empty())).change();
        assertEquals(104, s.serial());
        assertEquals(ZoneDiff.between(v(0), v(4)), s.diff());
        served(switcher.onVersion(logged(12, v(4), v(5)), VersionSwitcherTest::noSnapshot));
        assertEquals(2, switcher.status(true).rejections());
    }

    @Test
    void afterARestoreWhatWasReportedBeforeTheRestartIsNotReportedAgain() {
        VersionSwitch restored = served(switcher.restore(new LocalStore.Saved(v(0), 10, ContentDigest.of(v(0)), 20))).change();
        assertNull(restored.previous());
        assertEquals(10, restored.versionsOffset());
        assertEquals(11, switcher.position(), "replayed from just after the served version");
        assertTrue(switcher.bootstrapped());
        VersionSwitcher.Step again = switcher.onVersion(logged(15, v(0), v(1), v(0), false), VersionSwitcherTest::noSnapshot);
        assertEquals(OptionalLong.of(16), assertInstanceOf(VersionSwitcher.Step.RefusedAgain.class, again).savePosition());
        VersionSwitcher.Step fresh = switcher.onVersion(logged(25, v(1), v(2), v(1), false), VersionSwitcherTest::noSnapshot);
        assertInstanceOf(VersionSwitcher.Step.Refused.class, fresh);
        NodeStatus s = switcher.status(false);
        assertEquals(1, s.rejections(), "the replayed refusal is not counted again");
        assertEquals(2, s.behind());
    }

    @Test
    void forgeriesAreRefusedOnceWithoutMovingTheHead() {
        switcher.startFromLogStart();
        served(switcher.onVersion(logged(0, null, v(0)), VersionSwitcherTest::noSnapshot));
        Forgery commit = new Forgery(Topics.VERSIONS, 0, 4, ZONE, "publisher-evil", "ZoneVersionCommitted", 101L, "not signed");
        VersionSwitcher.Step.Refused r = assertInstanceOf(VersionSwitcher.Step.Refused.class, switcher.onForgery(commit));
        assertEquals(RejectReason.UNTRUSTED_PUBLISHER, r.rejection().why().reason());
        assertNull(r.rejection().statedDigest());
        assertEquals(OptionalLong.of(5), r.savePosition());
        assertEquals(5, switcher.position());
        assertEquals(0, switcher.status(true).behind(), "a forgery is no version the node is behind by");
        assertInstanceOf(VersionSwitcher.Step.Skipped.class, switcher.onForgery(
                new Forgery(Topics.VERSIONS, 0, 3, ZONE, "publisher-evil", "ZoneVersionChunk", 101L, "not signed")));
        VersionSwitcher.Step.Refused head = assertInstanceOf(VersionSwitcher.Step.Refused.class, switcher.onForgery(
                new Forgery(Topics.SNAPSHOTS, 0, 7, ZONE, "publisher-evil", "ZoneSnapshotHead", 101L, "not signed")));
        assertEquals(OptionalLong.empty(), head.savePosition(), "not on the versions topic");
        // The real 101 follows the node's 100.
        served(switcher.onVersion(logged(8, v(0), v(1)), VersionSwitcherTest::noSnapshot));
        assertEquals(2, switcher.status(true).rejections());
    }

    @Test
    void thePolicyRefusesASnapshotAndALocalVersion() {
        NodePolicy requireZonemd = new NodePolicy(new VersionPolicy(VersionPolicy.Zonemd.REQUIRE, VersionPolicy.Dnssec.IGNORE,
                List.of(), Set.of()));
        VersionSwitcher strict = new VersionSwitcher(ZONE, requireZonemd, CLOCK, switched::add);
        assertInstanceOf(VersionSwitcher.Step.Skipped.class,
                strict.restore(new LocalStore.Saved(v(0), 10, ContentDigest.of(v(0)), 11)));
        assertTrue(!strict.bootstrapped(), "a refused local version leaves the node to bootstrap from the log");
        VersionSwitcher.Step.Refused r = assertInstanceOf(VersionSwitcher.Step.Refused.class,
                strict.fromSnapshot(new SnapshotReader.Snapshot(v(0), 100, 10, ContentDigest.of(v(0)))));
        assertEquals(OptionalLong.empty(), r.savePosition(), "nothing served: nothing to save");
        assertEquals(11, strict.position());
        assertEquals(List.of(), switched);
        assertEquals(-1, strict.status(true).servedSerial());
    }
}
