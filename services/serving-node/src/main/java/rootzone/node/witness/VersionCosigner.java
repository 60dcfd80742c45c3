package rootzone.node.witness;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The node's cosignature of an applied version's checkpoint, for its NodeApplied: the witness's
 * outcome logged, a refusal or a missing checkpoint leaving the event uncosigned. Called by the
 * node's event queue, one version at a time in the order they were applied, never on the
 * materializer's or a DNS thread.
 */
public final class VersionCosigner {

    private static final Logger LOG = Logger.getLogger(VersionCosigner.class);

    private final NodeWitness witness;
    private final Duration wait;

    /** @param wait how long a NodeApplied may wait for the log's checkpoint to be read */
    public VersionCosigner(NodeWitness witness, Duration wait) {
        this.witness = Objects.requireNonNull(witness);
        this.wait = Objects.requireNonNull(wait);
    }

    /** The cosignature of the checkpoint that includes the applied version, or empty when the witness does not cosign. */
    public Optional<NodeWitness.Outcome.Cosigned> cosign(long serial, byte[] digest) {
        NodeWitness.Outcome o;
        long t0 = System.nanoTime();
        try {
            o = witness.cosignApplied(serial, digest, wait);
        } catch (IOException e) {
            o = new NodeWitness.Outcome.Refused("cannot save the witness state: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            o = new NodeWitness.Outcome.NotLogged("interrupted");
        }
        if (o instanceof NodeWitness.Outcome.NotLogged n) {
            LOG.infof("serial %d applied without cosigning: %s", serial, n.reason());
        } else if (o instanceof NodeWitness.Outcome.Cosigned c) {
            LOG.infof("serial %d: cosigned the log's checkpoint of size %d (%d us after the NodeApplied was due)", serial,
                    c.size(), (System.nanoTime() - t0) / 1_000);
            return Optional.of(c);
        }
        return Optional.empty();
    }
}
