package rootzone.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pause before a dead process is started again, on a clock the test moves by hand. */
class RestartBackoffTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void aProcessThatNeverComesReadyAndDiesSoonWaitsLongerAtEveryStartUpTo30Seconds() {
        RestartBackoff b = new RestartBackoff(T0);
        Instant t = T0;
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            t = t.plusSeconds(5);
            Duration pause = b.died(t);
            pauses.add(pause.toSeconds());
            t = t.plus(pause);
            b.started(t);
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), pauses);
    }

    @Test
    void aProcessThatCameReadyIsRestartedAtOnceHoweverSoonItIsKilled() {
        // The fault suite's node-kill: each restarted node serves again within seconds and is killed
        // again a few seconds later. Each kill restarts it at once, the 20th as the first.
        RestartBackoff b = new RestartBackoff(T0);
        Instant t = T0;
        for (int kill = 1; kill <= 20; kill++) {
            t = t.plusSeconds(3);
            b.cameReady();
            t = t.plusSeconds(4);
            assertEquals(Duration.ZERO, b.died(t), "kill " + kill);
            b.started(t);
        }
    }

    @Test
    void comingReadyForgetsTheFailedStartsBefore() {
        RestartBackoff b = new RestartBackoff(T0);
        assertEquals(Duration.ofSeconds(1), b.died(T0.plusSeconds(2)));
        b.started(T0.plusSeconds(3));
        assertEquals(Duration.ofSeconds(2), b.died(T0.plusSeconds(5)));
        b.started(T0.plusSeconds(7));
        b.cameReady();
        assertEquals(Duration.ZERO, b.died(T0.plusSeconds(9)), "it had come ready: not a failed start");
        b.started(T0.plusSeconds(9));
        // Readiness is per start: dying again before saying UP is a failed start, the first of a new count.
        assertEquals(Duration.ofSeconds(1), b.died(T0.plusSeconds(10)));
    }

    @Test
    void aProcessWithoutReadinessThatRanStableIsRestartedAtOnce() {
        // A broker has no readiness check: 30 s of running is what shows it worked.
        RestartBackoff b = new RestartBackoff(T0);
        assertEquals(Duration.ofSeconds(1), b.died(T0.plusSeconds(1)));
        b.started(T0.plusSeconds(2));
        assertEquals(Duration.ZERO, b.died(T0.plusSeconds(2).plus(RestartBackoff.STABLE)));
        b.started(T0.plusSeconds(40));
        assertEquals(Duration.ofSeconds(1), b.died(T0.plusSeconds(41)), "the count began again");
    }
}
