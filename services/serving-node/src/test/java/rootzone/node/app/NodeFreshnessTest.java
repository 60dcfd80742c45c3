package rootzone.node.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import rootzone.node.materialize.NodeStatus;

/** Readiness as a secondary's: within the SOA expire of the last confirmation, degraded meanwhile. */
class NodeFreshnessTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long EXPIRE = 604_800; // the root zone's SOA expire, 7 days

    private static NodeStatus serving(long behind) {
        return new NodeStatus(2026010100L, 10, "ab", 2026010100L, 10, behind, T0, 0, true);
    }

    @Test
    void currentWhileTheLogAnswersAndNothingIsBehind() {
        NodeFreshness f = NodeFreshness.of(serving(0), true, Optional.of(T0), Optional.of(T0), T0, EXPIRE, T0.plusSeconds(1));
        assertFalse(f.degraded());
        assertTrue(f.withinExpire());
        assertEquals(0, f.unreachableSeconds());
    }

    @Test
    void kafkaAwayIsDegradedButReadyUntilTheExpire() {
        Instant lost = T0.plusSeconds(100);
        NodeFreshness hour = NodeFreshness.of(serving(0), false, Optional.of(lost), Optional.of(lost), T0, EXPIRE, lost.plusSeconds(3600));
        assertTrue(hour.degraded());
        assertTrue(hour.withinExpire(), "an hour without Kafka: still ready");
        assertEquals(3600, hour.unreachableSeconds());
        assertEquals(3600, hour.secondsBehind());

        NodeFreshness past = NodeFreshness.of(serving(0), false, Optional.of(lost), Optional.of(lost), T0, EXPIRE, lost.plusSeconds(EXPIRE));
        assertFalse(past.withinExpire(), "past the SOA expire: not ready");
    }

    @Test
    void reachableButBehindIsDegradedAndReady() {
        NodeFreshness f = NodeFreshness.of(serving(2), true, Optional.of(T0.plusSeconds(50)), Optional.of(T0), T0, EXPIRE, T0.plusSeconds(50));
        assertTrue(f.degraded());
        assertEquals(2, f.versionsBehind());
        assertEquals(50, f.secondsBehind());
        assertTrue(f.withinExpire());
    }

    @Test
    void neverReachedSinceStartCountsFromTheStartAndNothingServedIsNeverReady() {
        NodeFreshness f = NodeFreshness.of(serving(0), false, Optional.empty(), Optional.empty(), T0, 300, T0.plusSeconds(301));
        assertFalse(f.withinExpire());
        assertEquals(301, f.unreachableSeconds());
        assertFalse(NodeFreshness.of(NodeStatus.NOTHING, true, Optional.of(T0), Optional.empty(), T0, 0, T0).withinExpire());
    }
}
