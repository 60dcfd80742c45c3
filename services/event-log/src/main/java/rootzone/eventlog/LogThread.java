package rootzone.eventlog;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The one way a reader of the log runs on a thread of its own (followers, the reachability probe,
 * the node's version follower and event writer): a named daemon thread, started once, told to stop
 * by a flag its loop asks (and by an interrupt where the loop may block), and joined for a bounded
 * time. Daemon, so that a reader stuck in a Kafka call never holds the process up at exit.
 */
public final class LogThread {

    private final String name;
    private final boolean belowAnswers;
    private volatile boolean stopped;
    private Thread thread;

    private LogThread(String name, boolean belowAnswers) {
        this.name = Objects.requireNonNull(name);
        this.belowAnswers = belowAnswers;
    }

    /** A thread of this name, not started yet. */
    public static LogThread named(String name) {
        return new LogThread(name, false);
    }

    /**
     * A thread of this name below the DNS answer threads: a version switch must not take their core
     * (issue 14). The JVM maps the priority to a nice value only with -XX:ThreadPriorityPolicy=1
     * (Linux); elsewhere it is a hint.
     */
    public static LogThread belowAnswers(String name) {
        return new LogThread(name, true);
    }

    /**
     * Threads named {@code name} and daemon, as a LogThread's are, for the services' other threads and
     * pools (the publisher's settle timer, zone-transfer refresh, NOTIFY listener, drop directory and
     * imports; the node's DNS threads, NOTIFY sender and topic check), so that none holds the process
     * up at exit.
     */
    public static ThreadFactory daemons(String name) {
        Objects.requireNonNull(name);
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code body} on the new thread. Once. */
    public synchronized void start(Runnable body) {
        Objects.requireNonNull(body);
        if (thread != null) {
            throw new IllegalStateException(name + " already started");
        }
        thread = new Thread(body, name);
        thread.setDaemon(true);
        if (belowAnswers) {
            thread.setPriority(Thread.MIN_PRIORITY);
        }
        thread.start();
    }

    /** Whether {@link #stop} was called: the body's loop ends when it sees this. */
    public boolean stopped() {
        return stopped;
    }

    /**
     * The one retry loop of a reader: runs {@code attempt} (which reads until {@link #stopped()} or a
     * failure) again and again until stopped; after a failure, {@code failed} is told and the loop
     * pauses {@code pause}, cut short by a stop. On whichever thread calls it (the body of
     * {@link #start}, or a caller that follows on its own thread).
     */
    public void retry(Duration pause, Runnable attempt, Consumer<RuntimeException> failed) {
        while (!stopped) {
            try {
                attempt.run();
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return; // stopped while in a Kafka call
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                failed.accept(e);
                RetryPause.of(pause, this::stopped);
            }
        }
    }

    /** Tells the body to stop; {@code interrupt} also wakes it from a sleep or a blocking Kafka call. */
    public void stop(boolean interrupt) {
        stopped = true;
        Thread t = thread();
        if (interrupt && t != null) {
            t.interrupt();
        }
    }

    /**
     * Waits for the body to end, at most {@code bound}.
     *
     * @return whether it ended (or never started); false when still running, or when the caller was interrupted
     */
    public boolean join(Duration bound) {
        Thread t = thread();
        if (t == null) {
            return true;
        }
        try {
            t.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    private synchronized Thread thread() {
        return thread;
    }
}
