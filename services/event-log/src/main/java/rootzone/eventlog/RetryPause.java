package rootzone.eventlog;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The pause of a reader before it reads the log again after a failure: cut short when it is stopped. */
public final class RetryPause {

    private RetryPause() {}

    /** Waits {@code pause}, or less once {@code stopped} says so (asked at least every 100 ms) or the thread is interrupted. */
    public static void of(Duration pause, BooleanSupplier stopped) {
        long until = System.nanoTime() + pause.toNanos();
        while (!stopped.getAsBoolean() && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.max(1, Math.min(100, pause.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
