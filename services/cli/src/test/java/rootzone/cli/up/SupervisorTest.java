package rootzone.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rootzone up`'s supervision with real processes: pid files, a killed process restarted and
 * reported while the others keep running, and a stop bounded even for a process that ignores SIGTERM.
 */
class SupervisorTest {

    @Test
    void aKilledProcessIsRestartedAndReportedAndNothingElseIsTouched(@TempDir Path dir) throws Exception {
        StringWriter report = new StringWriter();
        Supervisor supervisor = new Supervisor(new PrintWriter(report, true));
        ServiceProcess a = ServiceProcess.startCommand(dir, "node-1", List.of("sleep", "600"), dir.resolve("logs"), dir.resolve("run"));
        ServiceProcess b = ServiceProcess.startCommand(dir, "broker-0", List.of("sleep", "600"), dir.resolve("logs"), dir.resolve("run"));
        supervisor.addService(a);
        supervisor.addBroker(b);
        try {
            assertEquals(a.pid() + "", Files.readString(dir.resolve("run/node-1.pid")).trim());
            assertEquals(b.pid() + "", Files.readString(dir.resolve("run/broker-0.pid")).trim());
            long killed = b.pid();
            long other = a.pid();
            new ProcessBuilder("kill", "-9", Long.toString(killed)).start().waitFor();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((b.pid() == killed || !b.isAlive()) && System.nanoTime() < deadline) {
                supervisor.check();
                Thread.sleep(100);
            }
            assertNotEquals(killed, b.pid(), "broker-0 was started again");
            assertTrue(b.isAlive());
            assertEquals(b.pid() + "", Files.readString(dir.resolve("run/broker-0.pid")).trim(), "the pid file names the new process");
            assertEquals(other, a.pid(), "node-1 untouched");
            assertTrue(a.isAlive());
            assertTrue(report.toString().contains("broker-0 (pid " + killed + ") exited with 137; restarting it"), report.toString());
            assertTrue(report.toString().contains("broker-0 restarted (pid " + b.pid() + ")"), report.toString());
        } finally {
            supervisor.stopAll();
        }
        assertFalse(a.isAlive());
        assertFalse(b.isAlive());
        assertFalse(Files.exists(dir.resolve("run/node-1.pid")), "pid files of stopped processes are removed");
    }

    @Test
    void stoppingIsBoundedEvenForAProcessThatIgnoresSigterm(@TempDir Path dir) throws Exception {
        StringWriter report = new StringWriter();
        Supervisor supervisor = new Supervisor(new PrintWriter(report, true));
        ServiceProcess stubborn = ServiceProcess.startCommand(dir, "auditor",
                List.of("bash", "-c", "trap '' TERM; while true; do sleep 1; done"), dir.resolve("logs"), dir.resolve("run"));
        ServiceProcess polite = ServiceProcess.startCommand(dir, "publisher", List.of("sleep", "600"), dir.resolve("logs"), dir.resolve("run"));
        supervisor.addService(stubborn);
        supervisor.addService(polite);
        Thread.sleep(300); // let bash install its trap
        long t0 = System.nanoTime();
        supervisor.stopAll();
        double s = (System.nanoTime() - t0) / 1e9;
        assertFalse(stubborn.isAlive());
        assertFalse(polite.isAlive());
        assertTrue(s < ServiceProcess.STOP_GRACE.toSeconds() + 3, "stopped in " + s + " s");
        assertTrue(report.toString().contains("auditor did not exit within 10 s of SIGTERM: killed"), report.toString());
        assertFalse(report.toString().contains("publisher did not exit"), report.toString());
    }
}
