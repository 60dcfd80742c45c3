package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The heap ratios are widened while a headroom is open and put back as they were when it closes; a
 * version that allocated more than the young generation is followed by a collection, a routine one not.
 */
class HeapHeadroomTest {

    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";

    @Test
    void widensATightHeapAndPutsItsRatiosBack() {
        // The node's jvm.options, set at run time in this test JVM (both flags are manageable).
        withRatios("10", "20", () -> {
            try (HeapHeadroom room = HeapHeadroom.open()) {
                assertRatios("40", "70");
            }
            assertRatios("10", "20");
        });
    }

    @Test
    void leavesRatiosThatAreWideAlready() {
        withRatios("50", "80", () -> {
            try (HeapHeadroom room = HeapHeadroom.open()) {
                assertRatios("50", "80");
            }
            assertRatios("50", "80");
        });
    }

    @Test
    void compactsAfterAWholeBuildOnly() {
        long before = collections();
        assertFalse(HeapHeadroom.compactAfter(1024 * 1024), "a routine version's MiB");
        assertFalse(HeapHeadroom.compactAfter(0));
        assertTrue(HeapHeadroom.compactAfter(Long.MAX_VALUE / 2), "more than any young generation");
        // Other allocation in this JVM may collect meanwhile too: what must be there is the one asked for.
        assertTrue(collections() > before, "a collection ran");
    }

    private static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }

    private static void assertRatios(String min, String max) {
        assertEquals(min, VM.getVMOption(MIN).getValue());
        assertEquals(max, VM.getVMOption(MAX).getValue());
    }

    /** Runs the body with these ratios set, and puts this JVM's own back after it. */
    private static void withRatios(String min, String max, Runnable body) {
        String ownMin = VM.getVMOption(MIN).getValue();
        String ownMax = VM.getVMOption(MAX).getValue();
        try {
            HeapHeadroom.setRatios(VM, min, max);
            body.run();
        } finally {
            HeapHeadroom.setRatios(VM, ownMin, ownMax);
        }
    }
}
