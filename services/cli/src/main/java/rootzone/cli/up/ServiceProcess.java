package rootzone.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of `rootzone up` (a Quarkus service from its built quarkus-app, or a broker),
 * its output appended to {@code <logs>/<name>.log} and its pid in {@code <run>/<name>.pid}, so that
 * operators and scripts can signal one process. The same command can be started again after the
 * process died ({@link #restart()}): the supervisor's job.
 */
final class ServiceProcess {

    /** SIGTERM first; SIGKILL only when a process has not exited this long after it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    final String name;
    final int httpPort;
    final String listens;
    final Path log;
    private final List<String> command;
    private final Path repo;
    private final Path pidFile;
    private volatile Process process;

    private ServiceProcess(String name, int httpPort, String listens, List<String> command, Path repo, Path logDir, Path runDir) {
        this.name = name;
        this.httpPort = httpPort;
        this.listens = listens;
        this.command = List.copyOf(command);
        this.repo = repo;
        this.log = logDir.resolve(name + ".log");
        this.pidFile = runDir.resolve(name + ".pid");
    }

    /** A Quarkus service from services/MODULE/target/quarkus-app, started now. */
    static ServiceProcess start(Path repo, String module, String name, int httpPort, String listens,
            Map<String, String> properties, Path logDir, Path runDir) throws IOException {
        Path jar = repo.resolve("services").resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build with ./mvnw install -DskipTests");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        // A service's own JVM options (an @argument file next to its jar, e.g. the serving node's), else 1 GiB of heap.
        Path options = jar.resolveSibling("jvm.options");
        if (Files.isRegularFile(options)) {
            cmd.add("@" + options);
            cmd.add(classDataSharing(runDir.resolve(name + ".jsa"), jar));
        } else {
            cmd.add("-Xmx1g");
        }
        cmd.add("-Dquarkus.http.port=" + httpPort);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new ServiceProcess(name, httpPort, listens, cmd, repo, logDir, runDir).launch();
    }

    /**
     * Class data sharing (JEP 350) for a service with its own JVM options: the classes its last run
     * loaded, archived when it exited, are mapped at the next start instead of parsed and verified
     * again (the node's Quarkus boot took 35–45 % less, its RSS 8–10 MiB less; docs/serving-node.md).
     * The archive is made anew at exit when it is missing or older than the build; a run killed
     * before exiting leaves none, and a stale one is only ignored by the JVM.
     */
    static String classDataSharing(Path archive, Path jar) throws IOException {
        boolean fresh = Files.isRegularFile(archive)
                && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        return fresh ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + archive;
    }

    /**
     * JIT thresholds of a broker started here, ten times HotSpot's for C2, as the serving node's jvm.options
     * has them: a broker just started compiles Kafka's request handling with C2 version after version
     * (58 % of the broker's CPU over versions 10-30 of up-propagation.sh, on the cores the publisher and
     * the nodes need), while what stays hot (fetch, produce, the log) still reaches C2 within seconds.
     */
    static final List<String> BROKER_JIT = List.of("-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

    /** A plain Java main from the CLI's own classpath (the embedded broker), started now with these JVM options. */
    static ServiceProcess startJava(Path repo, String name, String mainClass, List<String> jvmOptions, List<String> args,
            Path logDir, Path runDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        return startCommand(repo, name, cmd, logDir, runDir);
    }

    /** Any command (a cluster's broker), started now. */
    static ServiceProcess startCommand(Path repo, String name, List<String> command, Path logDir, Path runDir) throws IOException {
        return startCommand(repo, name, 0, command, logDir, runDir);
    }

    /** Any command whose readiness is asked of http://127.0.0.1:{@code httpPort}/q/health/ready (0: none), started now. */
    static ServiceProcess startCommand(Path repo, String name, int httpPort, List<String> command, Path logDir, Path runDir)
            throws IOException {
        return new ServiceProcess(name, httpPort, "", command, repo, logDir, runDir).launch();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private ServiceProcess launch() throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidFile.getParent());
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process = p;
        Files.writeString(pidFile, p.pid() + "\n");
        return this;
    }

    /** Starts the same command again (the previous process has exited). */
    void restart() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + pid() + ")");
        }
        launch();
    }

    /**
     * Waits until the service answers its liveness check; fails with the log's location if the process exits.
     *
     * @return false when the check has not answered UP within the timeout (the process runs on)
     */
    boolean awaitLive(Duration timeout) throws IOException, InterruptedException {
        return awaitHealth("live", timeout);
    }

    /**
     * Waits until the service's readiness check answers UP (HTTP 200: every Quarkus readiness check up;
     * 503 while one is down): a service that listens is not yet one that works (the publisher rebuilds
     * its zones from Kafka first). Fails with the log's location if the process exits.
     *
     * @return false when it is not ready within the timeout
     */
    boolean awaitReady(Duration timeout) throws IOException, InterruptedException {
        return awaitHealth("ready", timeout);
    }

    /** @return false when the check has not answered UP within the timeout (the process runs on) */
    private boolean awaitHealth(String check, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IOException(name + " exited with " + exitValue() + "; see " + log);
            }
            if (answersUp(check)) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** One probe of the service's readiness check (false for a broker: it has no HTTP). */
    boolean ready() {
        return httpPort > 0 && isAlive() && answersUp("ready");
    }

    /** Whether /q/health/{check} answers 200 now (Quarkus: 503 while a check is down). */
    private boolean answersUp(String check) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/" + check))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return HEALTH.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** The exit code of the last process, once it has exited. */
    int exitValue() {
        return process.exitValue();
    }

    /** Asks the process to stop (SIGTERM), so Quarkus and Kafka shut down gracefully. */
    void terminate() {
        process.destroy();
    }

    /**
     * Waits for the process to exit after {@link #terminate()}, SIGKILL once {@link #STOP_GRACE}
     * has passed since {@code terminatedAt} (System.nanoTime()); removes the pid file.
     *
     * @return true when it exited by itself within the grace period
     */
    boolean awaitStopped(long terminatedAt) {
        Process p = process;
        boolean clean = true;
        try {
            long left = STOP_GRACE.toNanos() - (System.nanoTime() - terminatedAt);
            if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                clean = false;
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            clean = false;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file names a process that is gone: harmless
        }
        return clean;
    }
}
