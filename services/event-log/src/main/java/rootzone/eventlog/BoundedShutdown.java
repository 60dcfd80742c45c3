package rootzone.eventlog;

import java.time.Duration;

/**
 * Bounds a service's exit after SIGTERM: a supervisor (`rootzone up`, Kubernetes, systemd) gives a
 * process 10 s before SIGKILL, and a service whose brokers are gone must not spend them, or more,
 * waiting on Kafka. Once the JVM starts shutting down, a daemon watchdog halts it after
 * {@link #BOUND} if the graceful shutdown (Quarkus' ShutdownEvent, clients closing within
 * {@link KafkaClients#CLOSE_TIMEOUT}) has not finished; it does not delay a shutdown that finishes
 * sooner. It also covers a SIGTERM during start-up, which Quarkus holds until start-up is over.
 */
public final class BoundedShutdown {

    /** Inside the 10 s grace period, with a second to spare. */
    public static final Duration BOUND = Duration.ofSeconds(9);

    private static boolean installed;

    /** Installs the watchdog once per JVM; call first thing at start-up. */
    public static synchronized void install(String service) {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // The hook itself returns at once: the JVM waits for hooks, not for daemon threads.
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(BOUND.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                System.err.println(service + ": shutdown not finished " + BOUND.toSeconds() + " s after the stop signal: halting");
                System.err.flush();
                Runtime.getRuntime().halt(143); // as if SIGTERM had not been handled (128 + 15)
            }, "bounded-shutdown-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }, "bounded-shutdown"));
    }

    private BoundedShutdown() {}
}
