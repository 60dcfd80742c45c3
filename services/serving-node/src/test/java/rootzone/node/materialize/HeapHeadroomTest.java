package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The heap ratios are widened while a headroom is open and put back as they were when it closes. */
class HeapHeadroomTest {

    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void widensATightHeapAndPutsItsRatiosBack() {
        String min = VM.getVMOption("MinHeapFreeRatio").getValue();
        String max = VM.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            // The node's jvm.options, set at run time in this test JVM (both flags are manageable); Min first when lowering.
            VM.setVMOption("MinHeapFreeRatio", "10");
            VM.setVMOption("MaxHeapFreeRatio", "20");
            try (HeapHeadroom room = HeapHeadroom.open()) {
                assertEquals("40", VM.getVMOption("MinHeapFreeRatio").getValue());
                assertEquals("70", VM.getVMOption("MaxHeapFreeRatio").getValue());
            }
            assertEquals("10", VM.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("20", VM.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            VM.setVMOption("MaxHeapFreeRatio", max);
            VM.setVMOption("MinHeapFreeRatio", min);
        }
    }

    @Test
    void leavesRatiosThatAreWideAlready() {
        String min = VM.getVMOption("MinHeapFreeRatio").getValue();
        String max = VM.getVMOption("MaxHeapFreeRatio").getValue();
        try {
            VM.setVMOption("MaxHeapFreeRatio", "80");
            VM.setVMOption("MinHeapFreeRatio", "50");
            try (HeapHeadroom room = HeapHeadroom.open()) {
                assertEquals("50", VM.getVMOption("MinHeapFreeRatio").getValue());
            }
            assertEquals("50", VM.getVMOption("MinHeapFreeRatio").getValue());
            assertEquals("80", VM.getVMOption("MaxHeapFreeRatio").getValue());
        } finally {
            VM.setVMOption("MinHeapFreeRatio", min);
            VM.setVMOption("MaxHeapFreeRatio", max);
        }
    }
}
