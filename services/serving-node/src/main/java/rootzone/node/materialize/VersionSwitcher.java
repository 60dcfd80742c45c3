package rootzone.node.materialize;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.xbill.DNS.Name;
import rootzone.events.AvroBytes;
import rootzone.events.RejectReason;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.eventlog.VersionMismatchException;
import rootzone.eventlog.ZoneKeys;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The verify-and-switch state machine of a node: handed each version, snapshot or forgery read from
 * the log, it decides whether the node serves it and says what follows as a {@link Step}; the caller
 * ({@link Materializer}) does the I/O that a step asks for. Knows no Kafka and no thread.
 *
 * <p>Two zones are tracked. The <em>head</em> is the zone as the log has it after the last version
 * read, verified or not: the next delta is relative to it. The <em>served</em> zone is the last
 * version that verified (publisher's digest, then {@link NodePolicy}); it is switched in through the
 * {@code switchTo} given (ServedZone in the node) before the step is returned. A version that fails is
 * not served and is reported; the head still moves to it when its delta applies, so a later version
 * that verifies is served again. When the head is lost (a delta that does not apply), the node
 * resynchronises from a snapshot written with a later version.
 *
 * <p>Driven by one thread (the materializer's; {@link #restore} before it starts).
 */
public final class VersionSwitcher {

    /**
     * Mismatches after which the delta itself applied: the log's head is known, just not trusted. A
     * method, not a static set: touching the Avro enum initialises Avro and Jackson (~100 ms cold),
     * which a start from the local snapshot does not need before it answers (issue 14).
     */
    private static boolean headStillKnown(RejectReason reason) {
        return switch (reason) {
            case DIGEST_MISMATCH, RECORD_COUNT_MISMATCH, SERIAL_MISMATCH -> true;
            default -> false;
        };
    }

    /** What the caller does after a version, snapshot or forgery was read. */
    public sealed interface Step {

        /** Now served (already switched in): save it locally, tell the listeners, write its NodeApplied. */
        record Served(VersionSwitch change, Timing timing) implements Step {}

        /**
         * Not served, and reported for the first time: tell the listeners, write its VersionRejected.
         *
         * @param savePosition how far the log was read, for the local store (empty: nothing to save)
         */
        record Refused(NodeEvent.Rejected rejection, OptionalLong savePosition) implements Step {}

        /** Not served again: reported before the node restarted, so only the read position moves. */
        record RefusedAgain(NodeEvent.Rejected rejection, OptionalLong savePosition) implements Step {}

        /** Nothing changed (a forged event of another kind, a local snapshot the policy refuses). */
        record Skipped(String why) implements Step {}
    }

    /**
     * When each step of a version's verification ended (System.nanoTime): started reading it, applied
     * the delta and checked the publisher's digest, checked the policy (ZONEMD, DNSSEC), switched
     * (index built), so the log says where a version's time went.
     */
    public record Timing(long start, long applied, long checked, long switched) {
        static long ms(long from, long to) {
            return (to - from) / 1_000_000;
        }

        @Override
        public String toString() {
            return "applied in " + ms(start, switched) + " ms: delta+digest " + ms(start, applied) + ", policy "
                    + ms(applied, checked) + ", index " + ms(checked, switched);
        }
    }

    /**
     * The log's state after the last version read.
     *
     * @param zone the zone as the log has it; null before the zone's first version, or when lost
     * @param known false when the head is lost (a delta that did not apply)
     */
    private record Head(Zone zone, boolean known, long serial, long offset) {
        static final Head START = new Head(null, true, -1, -1);
    }

    /** The version served and when it was switched in. */
    private record Serving(Zone zone, long offset, byte[] digest, Instant at) {}

    private final Name origin;
    private final NodePolicy policy;
    private final Clock clock;
    private final Consumer<Zone> switchTo;

    private Head head = Head.START;
    private Serving serving;
    /** The next versions-topic offset to read. */
    private long position;
    /** Versions before this offset were reported before a restart (the local store's next offset). */
    private long reportedBefore;
    private boolean bootstrapped;
    /** Versions read and not served since the last switch. */
    private long behind;
    private long rejections;

    /** @param switchTo switches what the node answers with (ServedZone.switchTo); called before a Served step */
    public VersionSwitcher(String zone, NodePolicy policy, Clock clock, Consumer<Zone> switchTo) {
        this.origin = ZoneKeys.origin(ZoneKeys.normalize(zone));
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.switchTo = Objects.requireNonNull(switchTo);
    }

    /**
     * Serves the version the node saved locally, if it still passes the policy (signatures may have
     * expired while the node was down); the log is then replayed from just after it, with it as the
     * head: versions the node had read past it were all refused and reported, so they are not
     * reported again.
     *
     * @return Served, or Skipped with the policy's reason
     */
    public Step restore(LocalStore.Saved s) {
        long t0 = System.nanoTime();
        Optional<Refusal> why = policy.check(s.zone(), clock.instant());
        if (why.isPresent()) {
            return new Step.Skipped("not serving the local snapshot of serial " + s.zone().serial() + ": " + why.get().detail());
        }
        long checked = System.nanoTime();
        head = new Head(s.zone(), true, s.zone().serial(), s.versionsOffset());
        position = s.versionsOffset() + 1;
        reportedBefore = s.nextOffset();
        bootstrapped = true;
        return serve(s.zone(), s.versionsOffset(), s.digest(), null, t0, t0, checked);
    }

    /** Without local state and without a snapshot on the log: the log from its first offset. */
    public void startFromLogStart() {
        head = Head.START;
        position = 0;
        bootstrapped = true;
    }

    /** Without local state: the newest snapshot on the log, served when it passes the policy. */
    public Step fromSnapshot(SnapshotReader.Snapshot s) {
        head = new Head(s.zone(), true, s.serial(), s.versionsOffset());
        position = s.versionsOffset() + 1;
        bootstrapped = true;
        long t0 = System.nanoTime();
        Optional<Refusal> why = policy.check(s.zone(), clock.instant());
        long checked = System.nanoTime();
        if (why.isPresent()) {
            return refuse(s.versionsOffset(), s.serial(), s.contentDigest(), "", why.get());
        }
        return serve(s.zone(), s.versionsOffset(), s.contentDigest(), null, t0, t0, checked);
    }

    /**
     * The next version of the log.
     *
     * @param snapshotAt the publisher's snapshot taken with a version, when the node must resynchronise
     */
    public Step onVersion(LoggedVersion v, Function<LoggedVersion, Optional<Zone>> snapshotAt) {
        long t0 = System.nanoTime();
        long applied = t0;
        ZoneVersionCommitted c = v.committed();
        byte[] stated = AvroBytes.toArray(c.getContentDigest());
        Zone base = head.zone();
        Zone next = null;
        Refusal why = null;
        if (head.known()) {
            try {
                next = VersionApplier.apply(base, origin, v);
            } catch (VersionMismatchException e) {
                why = e.refusal();
            }
        } else {
            why = new Refusal(RejectReason.SERIAL_GAP, "serial " + c.getSerial()
                    + ": the node lost the log's state at an earlier version and no snapshot of this one is on the snapshot topic");
        }
        if (next == null && c.getSnapshot()) {
            Optional<Zone> full = snapshotAt.apply(v);
            if (full.isPresent()) {
                next = full.get();
                why = null;
            }
        }
        Zone newHead;
        if (next != null) {
            newHead = next;
            applied = System.nanoTime();
            why = policy.check(next, clock.instant(), c.getRelaxations()).orElse(null);
        } else if (headStillKnown(why.reason())) {
            newHead = unverified(base, v);
        } else {
            newHead = null;
        }
        head = new Head(newHead, newHead != null, c.getSerial(), v.offset());
        position = v.offset() + 1;
        if (why != null) {
            return refuse(v.offset(), c.getSerial(), stated, c.getPublisher(), why);
        }
        ZoneDiff delta = serving != null && serving.zone() == base ? v.diff() : null;
        return serve(next, v.offset(), stated, delta, t0, applied, System.nanoTime());
    }

    /**
     * A version or snapshot head no trusted publisher signed: refused (UNTRUSTED_PUBLISHER) before
     * anything of it is applied, and skipped: neither the served zone nor the head moves, so the next
     * real version, whose previous serial is the node's, applies. The chunks of a forged version are
     * not reported one by one: its commit's refusal covers them.
     */
    public Step onForgery(Forgery f) {
        boolean commit = Topics.VERSIONS.equals(f.topic()) && "ZoneVersionCommitted".equals(f.eventType());
        boolean snapshotHead = Topics.SNAPSHOTS.equals(f.topic());
        if (!commit && !snapshotHead) {
            return new Step.Skipped("skipping a forged event: " + f.describe());
        }
        NodeEvent.Rejected r = new NodeEvent.Rejected(f.offset(), f.serial(), null, f.producer(), PublisherTrust.rejection(f));
        if (!commit) {
            rejections++;
            return new Step.Refused(r, OptionalLong.empty());
        }
        // Not a version of the zone, so not one the node is behind by: only reported, once.
        position = Math.max(position, f.offset() + 1);
        if (f.offset() < reportedBefore) {
            return new Step.RefusedAgain(r, readPast(f.offset()));
        }
        rejections++;
        return new Step.Refused(r, readPast(f.offset()));
    }

    /** The log's state after a version whose delta applied but whose result is not the stated one. */
    private Zone unverified(Zone base, LoggedVersion v) {
        try {
            return v.diff().applyTo(v.previousSerial() == null ? Zone.of(origin, List.of()) : base);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** @param delta the delta from the served version when it is the one just applied; null: computed */
    private Step serve(Zone next, long offset, byte[] digest, ZoneDiff delta, long start, long applied, long checked) {
        Zone previous = serving == null ? null : serving.zone();
        switchTo.accept(next);
        Instant at = clock.instant();
        long switched = System.nanoTime();
        serving = new Serving(next, offset, digest.clone(), at);
        behind = 0;
        ZoneDiff journal = previous == null ? null : delta != null ? delta : ZoneDiff.between(previous, next);
        return new Step.Served(new VersionSwitch(previous, next, journal, offset, digest, at, switched - start),
                new Timing(start, applied, checked, switched));
    }

    private Step refuse(long offset, Long serial, byte[] stated, String publisher, Refusal why) {
        behind++;
        NodeEvent.Rejected r = new NodeEvent.Rejected(offset, serial, stated, publisher, why);
        if (offset < reportedBefore) {
            return new Step.RefusedAgain(r, readPast(offset));
        }
        rejections++;
        return new Step.Refused(r, readPast(offset));
    }

    /** Where a restart continues reading, once something is served (else the node bootstraps again). */
    private OptionalLong readPast(long offset) {
        return serving == null ? OptionalLong.empty() : OptionalLong.of(offset + 1);
    }

    /** Whether the node knows where to read the log from (restored, or bootstrapped from the log). */
    public boolean bootstrapped() {
        return bootstrapped;
    }

    /** The next versions-topic offset to read. */
    public long position() {
        return position;
    }

    /**
     * The node's status as this machine knows it; {@code behind} counts the versions read and not
     * served (the materializer raises it to the lag to the topic's end).
     */
    public NodeStatus status(boolean connected) {
        Serving s = serving;
        return new NodeStatus(s == null ? -1 : s.zone().serial(), s == null ? -1 : s.offset(),
                s == null ? null : ContentDigest.hex(s.digest()), head.serial(), head.offset(), behind,
                s == null ? null : s.at(), rejections, connected);
    }
}
