package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-queue wait is the second field of a schedstat line; what cannot be read is -1, never a wrong figure. */
class ThreadTimeTest {

    @Test
    void readsTheRunQueueWaitOfASchedstatLine(@TempDir Path dir) throws Exception {
        Path line = Files.writeString(dir.resolve("schedstat"), "2894512 27630211 3\n");
        assertEquals(27_630_211L, ThreadTime.runQueue(line));
    }

    @Test
    void whatCannotBeReadIsUnknown(@TempDir Path dir) throws Exception {
        assertEquals(-1, ThreadTime.runQueue(dir.resolve("absent")));
        assertEquals(-1, ThreadTime.runQueue(Files.writeString(dir.resolve("short"), "2894512\n")));
        assertEquals(-1, ThreadTime.runQueue(Files.writeString(dir.resolve("text"), "run wait slices\n")));
        ThreadTime unknown = new ThreadTime(-1, -1);
        assertEquals(new ThreadTime(-1, -1), new ThreadTime(5, 7).since(unknown));
        assertEquals("? ms of CPU, ? ms waiting for a core", unknown.toString());
    }

    @Test
    void printsMillisecondsWithOneDecimalRoundedHalfUp() {
        assertEquals("0.0", ThreadTime.ms(0));
        assertEquals("0.0", ThreadTime.ms(49_999));
        assertEquals("0.1", ThreadTime.ms(50_000));
        assertEquals("1.2", ThreadTime.ms(1_234_567));
        assertEquals("1.3", ThreadTime.ms(1_250_000));
        assertEquals("10.0", ThreadTime.ms(9_960_000));
        assertEquals("12345.7", ThreadTime.ms(12_345_678_901L));
        assertEquals("?", ThreadTime.ms(-1));
    }

    @Test
    void countsThisThreadsCpuAndWaitOnLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/schedstat")), "no /proc/thread-self/schedstat: not Linux");
        ThreadTime before = ThreadTime.now();
        long spin = 0;
        for (long end = System.nanoTime() + 20_000_000L; System.nanoTime() < end; ) {
            spin++;
        }
        ThreadTime spent = ThreadTime.now().since(before);
        assertTrue(spin > 0);
        assertTrue(spent.cpuNanos() > 1_000_000L, "20 ms of spinning shows as CPU: " + spent);
        assertTrue(spent.runQueueNanos() >= 0, "the wait is known on Linux: " + spent);
    }
}
