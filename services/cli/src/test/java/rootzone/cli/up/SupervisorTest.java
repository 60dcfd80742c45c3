package rootzone.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rootzone up`'s supervision with real processes: pid files, a killed process restarted and
 * reported while the others keep running, a service that came ready restarted at once however often
 * it is killed, and a stop bounded even for a process that ignores SIGTERM.
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
    void aServiceThatCameReadyIsRestartedAtOnceHoweverOftenItIsKilled(@TempDir Path dir) throws Exception {
        // Its readiness over real HTTP: 503 (not ready) until the test says otherwise.
        AtomicInteger status = new AtomicInteger(503);
        HttpServer health = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        health.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        health.start();
        StringWriter report = new StringWriter();
        Supervisor supervisor = new Supervisor(new PrintWriter(report, true));
        ServiceProcess node = ServiceProcess.startCommand(dir, "node-1", health.getAddress().getPort(), List.of("sleep", "600"),
                dir.resolve("logs"), dir.resolve("run"));
        supervisor.addService(node);
        try {
            // Dying soon after its start without having come ready is a failed start: a pause first.
            long killed = kill(supervisor, node);
            assertTrue(report.toString().contains("node-1 (pid " + killed + ") exited with 137; restarting it in 1 s;"), report.toString());
            status.set(200);
            // Then it comes ready after each start, and each kill, a few seconds after the last, restarts it at once.
            for (int i = 0; i < 4; i++) {
                awaitReport(supervisor, report, "node-1 ready again (pid " + node.pid() + ")");
                killed = kill(supervisor, node);
                assertTrue(report.toString().contains("node-1 (pid " + killed + ") exited with 137; restarting it; see"), report.toString());
            }
        } finally {
            supervisor.stopAll();
            health.stop(0);
        }
    }

    /** kill -9 the process, then runs the supervisor until it runs again under another pid; returns the killed pid. */
    private static long kill(Supervisor supervisor, ServiceProcess p) throws Exception {
        long killed = p.pid();
        supervisor.check(); // it is seen alive (and asked whether it is ready) before it dies
        new ProcessBuilder("kill", "-9", Long.toString(killed)).start().waitFor();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((p.pid() == killed || !p.isAlive()) && System.nanoTime() < deadline) {
            supervisor.check();
            Thread.sleep(100);
        }
        assertNotEquals(killed, p.pid(), p.name + " was started again");
        return killed;
    }

    private static void awaitReport(Supervisor supervisor, StringWriter report, String line) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!report.toString().contains(line) && System.nanoTime() < deadline) {
            supervisor.check();
            Thread.sleep(100);
        }
        assertTrue(report.toString().contains(line), report.toString());
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
