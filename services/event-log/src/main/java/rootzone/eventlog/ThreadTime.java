package rootzone.eventlog;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The current thread's time so far: CPU (ThreadMXBean) and, on Linux, the time it was runnable but waited
 * for a core (the second field of /proc/thread-self/schedstat, the kernel's "time spent waiting on a
 * runqueue", Documentation/scheduler/sched-stats.rst). The publisher's step line and the node's version
 * cost line print both (issue 14): with the whole system on two cores, a version that took 40 ms of wall
 * for 3 ms of CPU had waited most of the rest for a core, not for Kafka, and only the second figure tells
 * the two apart. Each is -1 where the platform does not say. Two reads of a few microseconds each per
 * version: not for a query's path.
 */
public record ThreadTime(long cpuNanos, long runQueueNanos) {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");
    private static final boolean HAS_SCHEDSTAT = Files.isReadable(SCHEDSTAT);

    /** The current thread's counters now; {@link #since} turns two into what happened in between. */
    public static ThreadTime now() {
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        return new ThreadTime(cpu, HAS_SCHEDSTAT ? runQueue(SCHEDSTAT) : -1);
    }

    public ThreadTime since(ThreadTime before) {
        return new ThreadTime(minus(cpuNanos, before.cpuNanos), minus(runQueueNanos, before.runQueueNanos));
    }

    /**
     * Milliseconds with one decimal, rounded half up, or "?" where the platform does not say. Integer
     * arithmetic, not String.format: the publisher marks each step of a version with it, and a
     * Formatter (its pattern parsed at every call, cold code between versions) cost ~2 ms of the
     * request thread a version (async-profiler, {@code ./rootzone up}, 24 real versions).
     */
    public static String ms(long nanos) {
        if (nanos < 0) {
            return "?";
        }
        long tenths = (nanos + 50_000) / 100_000;
        return tenths / 10 + "." + tenths % 10;
    }

    /** "3.1 ms of CPU, 27.4 ms waiting for a core". */
    @Override
    public String toString() {
        return ms(cpuNanos) + " ms of CPU, " + ms(runQueueNanos) + " ms waiting for a core";
    }

    /** The run-queue wait in a schedstat line ("run-ns wait-ns timeslices"); -1 when it cannot be read. */
    static long runQueue(Path schedstat) {
        try {
            String[] fields = Files.readString(schedstat).trim().split(" ");
            return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long minus(long now, long before) {
        return now < 0 || before < 0 ? -1 : now - before;
    }
}
