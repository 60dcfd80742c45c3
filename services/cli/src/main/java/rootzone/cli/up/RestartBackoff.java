package rootzone.cli.up;

import java.time.Duration;
import java.time.Instant;

/**
 * How long `rootzone up` waits before restarting one process that died. A process that dies soon
 * after it started without ever having come ready is failing to start (a broken configuration, a port
 * taken): each such failed start doubles its pause, 1 s up to {@link #MAX_PAUSE}, so it does not spin.
 * A process that came ready (its readiness check said UP) or ran {@link #STABLE} was working, so its
 * death is not a failed start: it is restarted at once, and the count of failed starts begins again.
 *
 * <p>Without the reset on readiness, a node killed again and again within 30 s of each restart (the
 * fault suite's node-kill) waited longer at every kill, up to 30 s, although every restart had come
 * back serving. A broker has no readiness check: only {@link #STABLE} tells that it was working.
 *
 * <p>Not thread-safe: the Supervisor holds one per process and uses it under its own lock.
 */
final class RestartBackoff {

    /** A process that ran this long before it died was working, even if it never said ready. */
    static final Duration STABLE = Duration.ofSeconds(30);
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private Instant startedAt;
    private boolean cameReady;
    private int failedStarts;

    RestartBackoff(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /** The process was (re)started at {@code at}: it has not come ready yet. */
    void started(Instant at) {
        startedAt = at;
        cameReady = false;
    }

    /** Its readiness check said UP since it was started: it works, and its failed starts are forgotten. */
    void cameReady() {
        cameReady = true;
        failedStarts = 0;
    }

    /** Whether it has come ready since it was last started. */
    boolean hasComeReady() {
        return cameReady;
    }

    /** It died at {@code at}: the pause before it is started again (zero unless this was a failed start). */
    Duration died(Instant at) {
        boolean failedStart = !cameReady && Duration.between(startedAt, at).compareTo(STABLE) < 0;
        if (!failedStart) {
            failedStarts = 0;
            return Duration.ZERO;
        }
        failedStarts++;
        long seconds = 1L << Math.min(failedStarts - 1, 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_PAUSE.toSeconds()));
    }
}
