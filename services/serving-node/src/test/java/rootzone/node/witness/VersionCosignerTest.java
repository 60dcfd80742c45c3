package rootzone.node.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cosigning step of the node's events alone: a cosignature for a logged version, none (the
 * NodeApplied goes out uncosigned) for one the log does not hold, another digest, or a rollback.
 */
class VersionCosignerTest {

    @TempDir Path dir;

    @Test
    void cosignsALoggedVersionAndLeavesTheRestUncosigned() throws Exception {
        NodeWitnessTest.Log log = new NodeWitnessTest().new Log(dir.resolve("root.state"));
        log.publish(NodeWitnessTest.version(1, 1));
        log.publish(NodeWitnessTest.version(2, 2));
        VersionCosigner cosigner = new VersionCosigner(log.witness, Duration.ZERO);

        assertEquals(1, cosigner.cosign(1, NodeWitnessTest.digest(1)).orElseThrow().size());
        assertTrue(cosigner.cosign(2, NodeWitnessTest.digest(9)).isEmpty(), "another digest than the applied version's");
        assertEquals(2, cosigner.cosign(2, NodeWitnessTest.digest(2)).orElseThrow().size());
        assertTrue(cosigner.cosign(3, NodeWitnessTest.digest(3)).isEmpty(), "not logged (no wait)");
        assertTrue(cosigner.cosign(1, NodeWitnessTest.digest(1)).isEmpty(), "a rollback: the witness cosigned size 2");
        assertEquals(2, log.witness.cosignedCount());
        assertEquals(2, log.witness.refusedCount());
    }
}
