package rootzone.publisher.publish;

import rootzone.eventlog.ThreadTime;

/**
 * Where one publication's time went, for its log line: wall milliseconds per step on the request
 * thread, and that thread's CPU and wait for a core over the whole (docs/architecture.md, "A zone
 * version, from file to DNS answer"). Not thread-safe: one publication, one thread.
 */
final class Steps {

    private final long start = System.nanoTime();
    private final ThreadTime threadStart = ThreadTime.now();
    private long last = start;
    private final StringBuilder done = new StringBuilder();

    /** Ends the step named {@code step}, started when the previous one ended. */
    void mark(String step) {
        long now = System.nanoTime();
        if (!done.isEmpty()) {
            done.append(", ");
        }
        done.append(step).append(' ').append(ThreadTime.ms(now - last));
        last = now;
    }

    /** "steps: parse 3.1, ... ms; request thread CPU 9.0 ms of 12.4 ms, 2.1 ms waiting for a core". */
    String summary() {
        ThreadTime t = ThreadTime.now().since(threadStart);
        return "steps " + done + " ms; request thread CPU " + ThreadTime.ms(t.cpuNanos()) + " ms of "
                + ThreadTime.ms(System.nanoTime() - start) + " ms, " + ThreadTime.ms(t.runQueueNanos()) + " ms waiting for a core";
    }
}
