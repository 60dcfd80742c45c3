package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The heap ratios are widened while a headroom is open and put back as they were when it closes. */
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
