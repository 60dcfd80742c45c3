package rootzone.cli.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps `rootzone up`'s processes running: one that dies is reported and started again, and nothing
 * else is touched (a serving node goes on answering while the publisher, a broker or another node is
 * down). A process that keeps dying soon after start without coming ready is restarted with a growing
 * pause, so a broken configuration does not spin; one that came ready is restarted at once
 * ({@link RestartBackoff}). Stopping is bounded: SIGTERM to all services at
 * once, then to all brokers at once, SIGKILL to whatever is still there after
 * {@link ServiceProcess#STOP_GRACE} ({@link ServiceProcess#ARCHIVING_GRACE} for a run writing its class
 * archive at exit).
 */
final class Supervisor {

    private final PrintWriter out;
    private final List<ServiceProcess> brokers = new ArrayList<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<ServiceProcess, RestartBackoff> backoff = new HashMap<>();
    private final Map<ServiceProcess, Instant> restartAt = new HashMap<>();
    /** Services restarted whose readiness check has not said UP yet: reported once it does. */
    private final java.util.Set<ServiceProcess> awaitingReady = new java.util.HashSet<>();
    private volatile boolean stopping;

    Supervisor(PrintWriter out) {
        this.out = out;
    }

    synchronized void addBroker(ServiceProcess p) {
        brokers.add(p);
        backoff.put(p, new RestartBackoff(Instant.now()));
    }

    synchronized void addService(ServiceProcess p) {
        services.add(p);
        backoff.put(p, new RestartBackoff(Instant.now()));
    }

    synchronized List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    boolean stopping() {
        return stopping;
    }

    /** One round: every dead process is reported, and restarted once its pause is over. */
    synchronized void check() {
        if (stopping) {
            return;
        }
        List<ServiceProcess> all = new ArrayList<>(brokers);
        all.addAll(services);
        Instant now = Instant.now();
        for (ServiceProcess p : all) {
            RestartBackoff b = backoff.get(p);
            if (p.isAlive()) {
                // Probed until it says UP once per start (a broker has no readiness check: never).
                if (!b.hasComeReady() && p.ready()) {
                    b.cameReady();
                    if (awaitingReady.remove(p)) {
                        report("rootzone: " + p.name + " ready again (pid " + p.pid() + ")");
                    }
                }
                continue;
            }
            Instant due = restartAt.get(p);
            if (due == null) {
                Duration pause = b.died(now);
                restartAt.put(p, now.plus(pause));
                report("rootzone: " + p.name + " (pid " + p.pid() + ") exited with " + p.exitValue() + "; restarting it"
                        + (pause.isZero() ? "" : " in " + pause.toSeconds() + " s") + "; see " + p.log);
                due = restartAt.get(p);
            }
            if (!now.isBefore(due)) {
                try {
                    p.restart();
                    b.started(Instant.now());
                    restartAt.remove(p);
                    report("rootzone: " + p.name + " restarted (pid " + p.pid() + ")" + (p.httpPort > 0 ? "; not ready yet" : ""));
                    if (p.httpPort > 0) {
                        awaitingReady.add(p);
                    }
                } catch (IOException | RuntimeException e) {
                    restartAt.put(p, now.plus(RestartBackoff.MAX_PAUSE));
                    report("rootzone: cannot restart " + p.name + ": " + e.getMessage() + "; trying again in "
                            + RestartBackoff.MAX_PAUSE.toSeconds() + " s");
                }
            }
        }
    }

    /** Stops the services, then the brokers (services flush to them on the way out), each group at once. */
    void stopAll() {
        List<ServiceProcess> s;
        List<ServiceProcess> b;
        synchronized (this) {
            stopping = true;
            s = List.copyOf(services);
            b = List.copyOf(brokers);
        }
        stopGroup(s);
        stopGroup(b);
    }

    private void stopGroup(List<ServiceProcess> group) {
        long t0 = System.nanoTime();
        group.forEach(ServiceProcess::terminate);
        for (ServiceProcess p : group) {
            boolean clean = p.awaitStopped(t0);
            if (!clean) {
                report("rootzone: " + p.name + " did not exit within " + p.grace().toSeconds() + " s of SIGTERM: killed");
            }
        }
    }

    private void report(String line) {
        out.println(line);
        out.flush();
    }
}
