package rootzone.node.materialize;

import java.nio.ByteBuffer;
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
 * cosignature of the zone log's checkpoint when the node is a witness and cosigned), VersionRejected
 * (by NODE) for each version it refuses. One transactional writer per node id, created on first use
 * (creating it needs the broker; the node serves before Kafka is reachable). {@link NodeEventQueue}
 * calls it, in order, on its own thread.
 */
public final class NodeEventWriter implements NodeEventQueue.Sink {

    private static final Logger LOG = Logger.getLogger(NodeEventWriter.class);

    private final KafkaConnection kafka;
    private final String nodeId;
    private final String zone;
    private VersionWriter writer;

    public NodeEventWriter(KafkaConnection kafka, String nodeId, String zone) {
        this.kafka = Objects.requireNonNull(kafka);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.zone = Objects.requireNonNull(zone);
    }

    /** The envelope producer name of this node's events. */
    public static String producerName(String nodeId) {
        return "node-" + nodeId;
    }

    @Override
    public void write(NodeEvent event, Optional<NodeWitness.Outcome.Cosigned> cosigned) {
        if (event instanceof NodeEvent.Applied a) {
            applied(a, cosigned);
        } else if (event instanceof NodeEvent.Rejected r) {
            rejected(r);
        }
    }

    private synchronized long applied(NodeEvent.Applied a, Optional<NodeWitness.Outcome.Cosigned> cosigned) {
        NodeApplied event = NodeApplied.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setNodeId(nodeId)
                .setSerial(a.serial())
                .setAppliedAt(a.appliedAt())
                .setVersionOffset(a.versionsOffset())
                .setContentDigest(ByteBuffer.wrap(a.digest()))
                .build();
        cosigned.ifPresent(c -> {
            event.setCosignedSize(c.size());
            event.setCosignedRootHash(ByteBuffer.wrap(c.root()));
            event.setCosignature(c.signature());
        });
        return writer().applied(zone, event);
    }

    private synchronized long rejected(NodeEvent.Rejected r) {
        VersionRejected event = VersionRejected.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setRejectedBy(RejectorRole.NODE)
                .setSerial(r.serial())
                .setContentDigest(r.statedDigest() == null ? null : ByteBuffer.wrap(r.statedDigest()))
                .setReason(r.why().reason().name())
                .setCode(r.why().reason())
                .setDetail(r.why().detail())
                .setSource("node:" + nodeId)
                .setRequestedBy(r.publisher() == null ? "" : r.publisher())
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

    @Override
    public synchronized void reset() {
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
