package rootzone.node.materialize;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.ZoneWire;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.Zonemd;

/**
 * Warms the apply path at start so that the first versions a node reads are applied by compiled code,
 * not by the interpreter (they took 119–599 ms against 88 ms once warm, issue 14). It runs the same
 * steps a version goes through (delta between two versions, delta applied, content digest, ZONEMD and
 * policy check, index built, local-store encoding, the publisher's Ed25519 signature checked) on a
 * synthetic zone of its own, never served and never reported: nothing it does reaches a query, the log
 * or the local store. On its own daemon thread, bounded in rounds and time; a version that arrives
 * meanwhile is applied as usual, beside it.
 */
public final class ApplyWarmUp {

    private static final Logger LOG = Logger.getLogger(ApplyWarmUp.class);

    /** Delegations in the synthetic zone: about 7 records each, a third of the root zone's size. */
    private static final int DELEGATIONS = 1000;
    private static final int ROUNDS = 40;
    private static final long MAX_NANOS = 8_000_000_000L;

    private final NodePolicy policy;
    private final Clock clock;
    private final Consumer<Zone> index;

    /** @param index builds what the node would serve from a zone, without serving it (ZoneIndex::of) */
    public ApplyWarmUp(NodePolicy policy, Clock clock, Consumer<Zone> index) {
        this.policy = Objects.requireNonNull(policy);
        this.clock = Objects.requireNonNull(clock);
        this.index = Objects.requireNonNull(index);
    }

    /** Starts warming on a daemon thread. */
    public void start() {
        LogThread.belowAnswers("apply-warm-up").start(this::runLogged);
    }

    private void runLogged() {
        try {
            long t0 = System.nanoTime();
            int rounds = run();
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
                    new VersionApplier.Stated(to.serial(), from.serial(), to.size(), ContentDigest.of(to)), delta);
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
     * A signed-looking root-like zone (SOA, apex NS, delegations with NS, DS and glue, ZONEMD) whose
     * version {@code v} differs from the others in its serial and in a tenth of its DS records.
     */
    static Zone synthetic(int v) throws TextParseException, java.net.UnknownHostException {
        Name root = Name.root;
        List<Record> rs = new ArrayList<>(DELEGATIONS * 7 + 4);
        Name mname = Name.fromString("a.warm-up-servers.net.");
        rs.add(new SOARecord(root, DClass.IN, 86400, mname, Name.fromString("nstld.warm-up.invalid."), 2026010100L + v,
                1800, 900, 604800, 86400));
        rs.add(new NSRecord(root, DClass.IN, 518400, mname));
        for (int i = 0; i < DELEGATIONS; i++) {
            Name tld = Name.fromString("warm" + i + ".");
            for (int n = 0; n < 2; n++) {
                Name ns = Name.fromString("ns" + n + ".nic.warm" + i + ".");
                rs.add(new NSRecord(tld, DClass.IN, 172800, ns));
                rs.add(new ARecord(ns, DClass.IN, 172800, InetAddress.getByAddress(new byte[] {10, (byte) n, (byte) (i >> 8), (byte) i})));
                rs.add(new AAAARecord(ns, DClass.IN, 172800, InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0,
                        0, 0, 0, 0, (byte) n, 0, (byte) (i >> 8), (byte) i})));
            }
            byte[] digest = new byte[32];
            digest[0] = (byte) i;
            digest[1] = (byte) (i >> 8);
            digest[2] = (byte) (i % 10 == 0 ? v : 0);
            rs.add(new DSRecord(tld, DClass.IN, 86400, 10000 + i, 8, DSRecord.Digest.SHA256, digest));
        }
        Zone unsealed = Zone.of(root, rs);
        rs.add(Zonemd.record(unsealed, Zonemd.SHA384, 86400));
        return Zone.of(root, rs);
    }
}
