package rootzone.node.materialize;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.ZoneWire;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.StatedContent;
import rootzone.zone.VersionChecks;
import rootzone.zone.SyntheticZone;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.Zonemd;

/**
 * Warms the apply path at start so that the first versions a node reads are applied by compiled code,
 * not by the interpreter (they took 119–599 ms against 88 ms once warm, issue 14). It runs the same
 * steps a version goes through (delta between two versions, delta applied, content digest, ZONEMD and
 * policy check, index switched to it incrementally, local-store encoding, the publisher's Ed25519 signature checked) on a
 * synthetic zone of its own, never served and never reported: nothing it does reaches a query, the log
 * or the local store. On its own daemon thread, bounded in rounds and time; a version that arrives
 * meanwhile is applied as usual, beside it.
 *
 * <p>A listener: it begins when the node starts following the log, after the bootstrap from Kafka's
 * snapshot (whose decode and checks would share a small machine's cores with it) and before any
 * version after it is read.
 */
public final class ApplyWarmUp implements MaterializerListener {

    private static final Logger LOG = Logger.getLogger(ApplyWarmUp.class);

    /** Delegations in the synthetic zone: about 7 records each, a third of the root zone's size. */
    private static final int DELEGATIONS = 1000;
    private static final int ROUNDS = 40;
    private static final long MAX_NANOS = 8_000_000_000L;

    private final NodePolicy policy;
    private final Clock clock;
    private final Consumer<Zone> index;
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param index builds what the node would serve from a zone, without serving it: a ServedZone's switchTo of
     *     a ServedZone that is never served, so that from the second round on it runs the incremental index
     *     update every version takes (ZoneIndex.next), not only the whole build
     */
    public ApplyWarmUp(NodePolicy policy, Clock clock, Consumer<Zone> index) {
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.index = Objects.requireNonNull(index);
    }

    /** Starts warming on a daemon thread, the first time only (the follower tells again after a failure). */
    @Override
    public void following(long versionsOffset) {
        if (started.compareAndSet(false, true)) {
            LogThread.belowAnswers("apply-warm-up").start(this::runLogged);
        }
    }

    private void runLogged() {
        try {
            long t0 = System.nanoTime();
            int rounds;
            try (HeapHeadroom room = HeapHeadroom.open()) { // its rounds must not force a full collection each
                rounds = run();
            }
            LOG.infof("apply path warmed: %d rounds in %d ms", rounds, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | LinkageError e) {
            // Only speed is at stake: the node serves and applies versions without it.
            LOG.warnf(e, "apply path warm-up stopped");
        }
    }

    /** @return the rounds run */
    int run() throws Exception {
        long deadline = System.nanoTime() + MAX_NANOS;
        Zone a = synthetic(1);
        Zone b = synthetic(2);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] message = "rootzone apply warm-up".getBytes(StandardCharsets.UTF_8);
        int rounds = 0;
        while (rounds < ROUNDS && System.nanoTime() < deadline) {
            Zone from = rounds % 2 == 0 ? a : b;
            Zone to = rounds % 2 == 0 ? b : a;
            // What VersionSwitcher.onVersion and serve do with a version, in their order.
            ZoneDiff delta = ZoneDiff.between(from, to);
            Zone next = VersionApplier.apply(from, from.origin(),
                    new VersionApplier.Stated(to.serial(), from.serial(), to.size(), new StatedContent.Root(ContentRoot.of(to))), delta);
            // A version stating no content root (written before contract v5) is checked against the flat digest.
            VersionChecks.content(next, new StatedContent.Digest(ContentDigest.of(to)));
            policy.check(next, clock.instant());
            index.accept(next);
            ZoneWire.decode(next.origin(), ZoneWire.encode(next), next.size()); // the local store's codec
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(message);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.getPublic());
            verifier.update(message);
            verifier.verify(signer.sign());
            rounds++;
        }
        return rounds;
    }

    /**
     * A root-like zone (zone-core's {@link SyntheticZone}) sealed with a ZONEMD that verifies, so the
     * warm-up runs the whole check as a real version does. Version {@code v} is version 1 with
     * {@code v - 1} routine 10-record deltas applied, the size of change a real root version has.
     */
    static Zone synthetic(int v) {
        Zone zone = SyntheticZone.of(Name.root, DELEGATIONS * SyntheticZone.RECORDS_PER_DELEGATION + 2, 2026010100L);
        for (int i = 1; i < v; i++) {
            zone = SyntheticZone.routineDelta(zone, i).applyTo(zone);
        }
        List<Record> records = new ArrayList<>(zone.records());
        records.add(Zonemd.record(zone, Zonemd.SHA384, 86400));
        return Zone.of(zone.origin(), records);
    }
}
