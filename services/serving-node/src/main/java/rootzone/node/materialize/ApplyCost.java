package rootzone.node.materialize;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import rootzone.eventlog.ThreadTime;

/**
 * What one version cost the node, for the benchmarks (issue 14): CPU, wait for a core ({@link ThreadTime})
 * and allocation of the thread that applied it (com.sun.management.ThreadMXBean, where the JVM has it),
 * and the collectors' pauses in the meantime, whichever thread caused them. Taken on the follower's
 * thread around one version.
 */
record ApplyCost(ThreadTime thread, long allocatedBytes, long gcMillis, long gcCount) {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    /** The current thread's counters now; {@link #since} turns two into a cost. */
    static ApplyCost now() {
        long alloc = THREADS instanceof com.sun.management.ThreadMXBean t ? t.getCurrentThreadAllocatedBytes() : -1;
        long ms = 0;
        long n = 0;
        for (GarbageCollectorMXBean c : COLLECTORS) {
            ms += Math.max(0, c.getCollectionTime());
            n += Math.max(0, c.getCollectionCount());
        }
        return new ApplyCost(ThreadTime.now(), alloc, ms, n);
    }

    ApplyCost since(ApplyCost before) {
        return new ApplyCost(thread.since(before.thread), allocatedBytes - before.allocatedBytes, gcMillis - before.gcMillis,
                gcCount - before.gcCount);
    }

    @Override
    public String toString() {
        // The wait last: the benches' patterns read the line up to the collections.
        return "cpu " + thread.cpuNanos() / 1_000_000 + " ms, allocated " + allocatedBytes / (1024 * 1024) + " MiB, GC " + gcCount
                + " collections " + gcMillis + " ms, " + ThreadTime.ms(thread.runQueueNanos()) + " ms waiting for a core";
    }
}
