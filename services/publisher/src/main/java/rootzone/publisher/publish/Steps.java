package rootzone.publisher.publish;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Where one publication's time went, for its log line: wall milliseconds per step on the request
 * thread, and that thread's CPU over the whole (docs/architecture.md, "A zone version, from file to DNS
 * answer"). Not thread-safe: one publication, one thread.
 */
final class Steps {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long start = System.nanoTime();
    private final long cpuStart = cpu();
    private long last = start;
    private final StringBuilder done = new StringBuilder();

    /** Ends the step named {@code step}, started when the previous one ended. */
    void mark(String step) {
        long now = System.nanoTime();
        if (!done.isEmpty()) {
            done.append(", ");
        }
        done.append(step).append(' ').append(ms(now - last));
        last = now;
    }

    /** "steps: parse 3.1, ... ms; request thread CPU 9.0 ms of 12.4 ms". */
    String summary() {
        long cpu = cpu();
        return "steps " + done + " ms; request thread CPU " + (cpu < 0 || cpuStart < 0 ? "?" : ms(cpu - cpuStart)) + " ms of "
                + ms(System.nanoTime() - start) + " ms";
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    private static long cpu() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
