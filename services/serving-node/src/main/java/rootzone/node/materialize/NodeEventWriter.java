package rootzone.node.materialize;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionWriter;
import rootzone.events.NodeApplied;
import rootzone.events.RejectorRole;
import rootzone.events.VersionRejected;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.RoleAcls;
import rootzone.node.witness.NodeWitness;

/**
 * Writes what this node does to the event log: NodeApplied after each switch (with the witness's
 * cosignature of the zone log's checkpoint when the node is a witness), VersionRejected (by
 * NODE) for each version it refuses. One transactional writer per node id, created on first use
 * (creating it needs the broker; the node serves before Kafka is reachable).
 */
public final class NodeEventWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeEventWriter.class);

    private final KafkaConnection kafka;
    private final String nodeId;
    private final String zone;
    private final Optional<NodeWitness> witness;
    private final Duration witnessWait;
    private VersionWriter writer;

    public NodeEventWriter(KafkaConnection kafka, String nodeId, String zone) {
        this(kafka, nodeId, zone, Optional.empty(), Duration.ZERO);
    }

    /**
     * @param witness     cosigns the zone log's checkpoint of each applied version, for its NodeApplied
     * @param witnessWait how long a NodeApplied may wait for the log's checkpoint to be read
     */
    public NodeEventWriter(KafkaConnection kafka, String nodeId, String zone, Optional<NodeWitness> witness, Duration witnessWait) {
        this.kafka = Objects.requireNonNull(kafka);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.zone = Objects.requireNonNull(zone);
        this.witness = Objects.requireNonNull(witness);
        this.witnessWait = Objects.requireNonNull(witnessWait);
    }

    /** The envelope producer name of this node's events. */
    public static String producerName(String nodeId) {
        return "node-" + nodeId;
    }

    public synchronized long applied(VersionSwitch s) {
        NodeApplied event = NodeApplied.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setNodeId(nodeId)
                .setSerial(s.serial())
                .setAppliedAt(s.appliedAt())
                .setVersionOffset(s.versionsOffset())
                .setContentDigest(ByteBuffer.wrap(s.digest()))
                .build();
        if (witness.isPresent() && cosign(witness.get(), s, witnessWait) instanceof NodeWitness.Outcome.Cosigned c) {
            event.setCosignedSize(c.size());
            event.setCosignedRootHash(ByteBuffer.wrap(c.root()));
            event.setCosignature(c.signature());
        }
        return writer().applied(zone, event);
    }

    /** Runs after the switch, on the materializer's thread: a refusal or a missing checkpoint leaves the event uncosigned. */
    private static NodeWitness.Outcome cosign(NodeWitness w, VersionSwitch s, Duration wait) {
        try {
            long t0 = System.nanoTime();
            NodeWitness.Outcome o = w.cosignApplied(s.serial(), s.digest(), wait);
            if (o instanceof NodeWitness.Outcome.NotLogged n) {
                LOG.infof("serial %d applied without cosigning: %s", s.serial(), n.reason());
            } else if (o instanceof NodeWitness.Outcome.Cosigned c) {
                LOG.infof("serial %d: cosigned the log's checkpoint of size %d (%d us after the NodeApplied was due)", s.serial(),
                        c.size(), (System.nanoTime() - t0) / 1_000);
            }
            return o;
        } catch (IOException e) {
            return new NodeWitness.Outcome.Refused("cannot save the witness state: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodeWitness.Outcome.NotLogged("interrupted");
        }
    }

    /** @param statedDigest the digest the publisher stated for the version, or null */
    public synchronized long rejected(Long serial, byte[] statedDigest, Rejection why, String publisher) {
        VersionRejected event = VersionRejected.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setRejectedBy(RejectorRole.NODE)
                .setSerial(serial)
                .setContentDigest(statedDigest == null ? null : ByteBuffer.wrap(statedDigest))
                .setReason(why.reason().name())
                .setCode(why.reason())
                .setDetail(why.detail())
                .setSource("node:" + nodeId)
                .setRequestedBy(publisher == null ? "" : publisher)
                .build();
        return writer().rejected(zone, event);
    }

    private VersionWriter writer() {
        if (writer == null) {
            // The transactional id is the node's: a second process with the same node id fences this one.
            writer = new VersionWriter(new EventWriter(kafka, RoleAcls.nodeTransactionalId(nodeId), producerName(nodeId)));
        }
        return writer;
    }

    /** Drops a writer that failed (e.g. fenced or broken connection): the next event makes a new one. */
    synchronized void reset() {
        if (writer != null) {
            try {
                writer.eventWriter().close();
            } catch (RuntimeException e) {
                LOG.debugf("closing a failed event writer: %s", e.getMessage());
            }
            writer = null;
        }
    }

    @Override
    public synchronized void close() {
        reset();
    }
}
