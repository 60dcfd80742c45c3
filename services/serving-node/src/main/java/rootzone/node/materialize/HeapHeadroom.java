package rootzone.node.materialize;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.jboss.logging.Logger;

/**
 * Room in the heap for a burst of allocation while the node serves (the apply warm-up at start), given
 * back when it is over. The node's jvm.options keep the heap tight (MinHeapFreeRatio 10,
 * MaxHeapFreeRatio 20: memory, issue 14), so Serial GC grows the old generation 10 % at a time: the
 * warm-up's rounds, promoted and dead a round later, filled it again and again, and each time a full
 * collection of 55-115 ms stopped the answers (switch.sh, the first 20 s after a start: p99.9 48-64 ms).
 * While a headroom is open the ratios are HotSpot's defaults (40, 70; both flags are manageable at
 * run time); closing it puts the launch's values back and runs one full collection, so the heap
 * shrinks to its tight size now and not at some later collection: one pause instead of one a round.
 *
 * <p>A burst that comes as a version (a whole build: the zone's first version, or one after a gap) is
 * compacted the same way once it is served ({@link #compactAfter}).
 */
final class HeapHeadroom implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeapHeadroom.class);
    private static final String MIN = "MinHeapFreeRatio";
    private static final String MAX = "MaxHeapFreeRatio";
    private static final int WIDE_MIN = 40;
    private static final int WIDE_MAX = 70;
    /** Where there is nothing to widen or put back. */
    private static final HeapHeadroom NOTHING = new HeapHeadroom(null, null, null);

    private final HotSpotDiagnosticMXBean vm;
    private final String min;
    private final String max;

    private HeapHeadroom(HotSpotDiagnosticMXBean vm, String min, String max) {
        this.vm = vm;
        this.min = min;
        this.max = max;
    }

    /** Opens a headroom; where the ratios are already this wide (or cannot be set), closing it does nothing. */
    static HeapHeadroom open() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            String min = vm.getVMOption(MIN).getValue();
            String max = vm.getVMOption(MAX).getValue();
            if (Integer.parseInt(min) >= WIDE_MIN) {
                return NOTHING;
            }
            setRatios(vm, Integer.toString(WIDE_MIN), Integer.toString(Math.max(WIDE_MAX, Integer.parseInt(max))));
            return new HeapHeadroom(vm, min, max);
        } catch (RuntimeException | LinkageError e) {
            // Only pauses are at stake: the burst runs in the tight heap, as before.
            LOG.debugf("heap ratios not widened: %s", e);
            return NOTHING;
        }
    }

    /**
     * Sets both ratios in an order the JVM accepts: it refuses, at each single step, a MinHeapFreeRatio
     * above MaxHeapFreeRatio, so a rising min goes after its max and a falling max after its min.
     */
    static void setRatios(HotSpotDiagnosticMXBean vm, String min, String max) {
        if (Integer.parseInt(min) > Integer.parseInt(vm.getVMOption(MAX).getValue())) {
            vm.setVMOption(MAX, max);
            vm.setVMOption(MIN, min);
        } else {
            vm.setVMOption(MIN, min);
            vm.setVMOption(MAX, max);
        }
    }

    /**
     * One full collection now, if a version just served allocated more than the young generation holds:
     * a whole build. Such a build leaves much of the new zone in the survivor spaces, and the tight old
     * generation (MinHeapFreeRatio 10: ~2.5 MiB free at the root zone) cannot take it when a later young
     * collection promotes it. Serial GC then expands the old generation and, because it had to, follows
     * with a full collection at once (TenuredGeneration::should_collect), inside that later version's
     * switch: 98-297 ms at versions 5-10 after the first, in 5 of 9 runs of up-propagation.sh (issue 14).
     * Collected here, after the switch, the build is in the old generation and the old generation is
     * sized for it; a routine version allocates 0-1 MiB and promotes a few KiB.
     *
     * @param allocatedBytes what the version's apply allocated on its thread
     * @return whether it collected
     */
    static boolean compactAfter(long allocatedBytes) {
        long young = youngCapacity();
        if (young <= 0 || allocatedBytes <= young) {
            return false;
        }
        System.gc();
        return true;
    }

    /** Eden and survivor spaces as committed now (every HotSpot collector names its pools so); 0 if none is known. */
    private static long youngCapacity() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && (pool.getName().contains("Eden") || pool.getName().contains("Survivor"))) {
                bytes += Math.max(0, pool.getUsage().getCommitted());
            }
        }
        return bytes;
    }

    @Override
    public void close() {
        if (vm == null) {
            return;
        }
        try {
            setRatios(vm, min, max);
        } catch (RuntimeException e) {
            LOG.warnf("heap ratios not put back to %s/%s: %s", min, max, e);
            return;
        }
        System.gc(); // the one collection that gives back what the burst grew (Serial GC shrinks at full collections)
    }
}
