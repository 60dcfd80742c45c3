package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

class ApplyWarmUpTest {

    @Test
    void syntheticVersionsPassTheNodesChecksAndDifferByASmallDelta() throws Exception {
        Zone a = ApplyWarmUp.synthetic(1);
        Zone b = ApplyWarmUp.synthetic(2);
        // Its ZONEMD verifies, so the warm-up runs the whole check, as a real version does.
        assertTrue(NodePolicy.digestOnly().check(a, Clock.systemUTC().instant()).isEmpty());
        assertTrue(NodePolicy.digestOnly().check(b, Clock.systemUTC().instant()).isEmpty());
        ZoneDiff delta = ZoneDiff.between(a, b);
        assertTrue(delta.size() < a.size() / 20, "a delta, not a whole zone: " + delta.size());
        assertEquals(b, delta.applyTo(a));
    }

    @Test
    void buildsIndexesItNeverServes() throws Exception {
        List<Long> indexed = new ArrayList<>();
        int rounds = new ApplyWarmUp(NodePolicy.digestOnly(), Clock.systemUTC(), z -> indexed.add(z.serial())).run();
        assertTrue(rounds > 0);
        assertEquals(rounds, indexed.size());
    }

    /** As the node runs it: a ServedZone of its own, switched version after version (the incremental index). */
    @Test
    void switchesAServedZoneOfItsOwnIncrementally() throws Exception {
        rootzone.node.dns.ServedZone served = new rootzone.node.dns.ServedZone();
        List<rootzone.node.dns.ZoneIndex> indexes = new ArrayList<>();
        int rounds = new ApplyWarmUp(NodePolicy.digestOnly(), Clock.systemUTC(), z -> indexes.add(served.switchTo(z))).run();
        assertTrue(rounds > 1);
        assertEquals(rounds, indexes.size());
        assertEquals(ApplyWarmUp.synthetic(rounds % 2 == 0 ? 1 : 2).serial(), served.servedSerial());
    }
}
