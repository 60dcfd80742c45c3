package rootzone.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import rootzone.cli.http.ServiceClient;

/**
 * One child process of `rootzone up` (a Quarkus service from its built quarkus-app, or a broker),
 * its output appended to {@code <logs>/<name>.log} and its pid in {@code <run>/<name>.pid}, so that
 * operators and scripts can signal one process. The same command can be started again after the
 * process died ({@link #restart()}): the supervisor's job.
 */
final class ServiceProcess {

    /** SIGTERM first; SIGKILL only when a process has not exited this long after it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * The same for a run that writes its class archive at exit (the first after a build): five services
     * writing ~47 MiB archives at once on 2 cores took longer than STOP_GRACE, so they were killed and
     * their archives lost (measured: 3 of 5 on a quiet machine).
     */
    static final Duration ARCHIVING_GRACE = Duration.ofSeconds(60);

    final String name;
    final int httpPort;
    final String listens;
    final Path log;
    private final List<String> command;
    private final Scheduling scheduling;
    private final ClassArchive archive;
    private final Path repo;
    private final Path pidFile;
    private volatile Process process;
    /** Whether the running process writes its class archive at exit. */
    private volatile boolean archiving;
    /** Done once the last process has exited and its archive was kept or removed. */
    private volatile CompletableFuture<Void> settled = CompletableFuture.completedFuture(null);

    private ServiceProcess(String name, int httpPort, String listens, List<String> command, Scheduling scheduling,
            ClassArchive archive, Path repo, Path logDir, Path runDir) {
        this.name = name;
        this.httpPort = httpPort;
        this.listens = listens;
        this.scheduling = scheduling;
        this.command = List.copyOf(command);
        this.archive = archive;
        this.repo = repo;
        this.log = logDir.resolve(name + ".log");
        this.pidFile = runDir.resolve(name + ".pid");
    }

    /** A Quarkus service from services/MODULE/target/quarkus-app, started now. */
    static ServiceProcess start(Path repo, String module, String name, int httpPort, String listens,
            Map<String, String> properties, Path logDir, Path runDir) throws IOException {
        return start(repo, module, name, httpPort, listens, properties, Scheduling.NORMAL, logDir, runDir);
    }

    /** The same, its threads scheduled as {@code scheduling} says. */
    static ServiceProcess start(Path repo, String module, String name, int httpPort, String listens,
            Map<String, String> properties, Scheduling scheduling, Path logDir, Path runDir) throws IOException {
        Path jar = repo.resolve("services").resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build with ./mvnw install -DskipTests");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        // A service's own JVM options (an @argument file next to its jar, e.g. the serving node's), else 1 GiB of heap.
        Path options = jar.resolveSibling("jvm.options");
        ClassArchive archive = null;
        if (Files.isRegularFile(options)) {
            cmd.add("@" + options);
            archive = new ClassArchive(runDir.resolve(name + ".jsa"), jar);
        } else {
            cmd.add("-Xmx1g");
        }
        cmd.add("-Dquarkus.http.port=" + httpPort);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new ServiceProcess(name, httpPort, listens, cmd, scheduling, archive, repo, logDir, runDir).launch();
    }

    /**
     * How the host schedules a service's threads. In {@code up} every service shares the host's cores,
     * and each version wakes all of them at the same commit; the serving path (publisher, broker, nodes)
     * should get them first.
     */
    enum Scheduling {
        /** The kernel's default (SCHED_OTHER, nice 0). */
        NORMAL,
        /**
         * SCHED_IDLE (sched(7)), through util-linux's chrt, which then executes the command itself (the
         * pid is the service's): the threads run while no other thread wants the core, and a normal one
         * that wakes takes it at once. For the auditor, which verifies each version after the fact and
         * dates the nodes' applications by their own events, not by when it reads them. Its two followers
         * take 20-45 ms of CPU a version, in the same tens of milliseconds as the nodes' switches (perf
         * sched, up-propagation.sh). Nice 19 had made no measurable difference there: a woken thread of
         * normal weight may still wait out the running one's slice, while a SCHED_IDLE thread is
         * preempted at the wakeup (kernel/sched/fair.c). Where chrt is missing (not Linux), NORMAL.
         */
        BACKGROUND;

        private static final Path CHRT = Path.of("/usr/bin/chrt");

        /** The words before the command. */
        List<String> prefix() {
            return this == BACKGROUND && available() ? List.of(CHRT.toString(), "--idle", "0") : List.of();
        }

        /** Whether BACKGROUND is honoured on this host. */
        static boolean available() {
            return Files.isExecutable(CHRT);
        }
    }

    /**
     * Class data sharing (JEP 350) for a service with its own JVM options: the classes its last run
     * loaded, archived when it exited, are mapped at the next start instead of parsed and verified
     * again (the node's Quarkus boot took 35–45 % less, its RSS 8–10 MiB less; docs/serving-node.md).
     * The archive is made anew at exit when it is missing or older than the build. The JVM writes it
     * to {@code <name>.jsa.part}, which becomes the archive only when the process then exited by itself
     * (0, or 143 after SIGTERM) and the jar is the one it ran: a run killed or crashed while writing, or
     * rebuilt under it, leaves none, and the next exit makes it again (the archive's freshness is its
     * age against the jar's, so a torn or stale one kept would be ignored by the JVM at every start).
     */
    record ClassArchive(Path archive, Path jar) {

        Path part() {
            return archive.resolveSibling(archive.getFileName() + ".part");
        }

        /** Whether the archive is there and newer than the jar: mapped at start rather than written at exit. */
        boolean fresh() throws IOException {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        }

        /** The JVM option for the next start. */
        String option() throws IOException {
            return fresh() ? "-XX:SharedArchiveFile=" + archive : "-XX:ArchiveClassesAtExit=" + part();
        }

        /** After a run that wrote the archive at exit: keeps it when that run ended well, else removes what it left. */
        void settle(int exitValue, FileTime jarAtLaunch) {
            Path part = part();
            try {
                boolean complete = (exitValue == 0 || exitValue == 128 + 15) && Files.size(part) > 0
                        && Files.getLastModifiedTime(jar).equals(jarAtLaunch);
                if (complete) {
                    Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.deleteIfExists(part);
                }
            } catch (NoSuchFileException none) {
                // nothing written (the JVM died before its exit hooks): made at the next exit
            } catch (IOException e) {
                // only start time is at stake: no archive, so the next run writes one again
            }
        }
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
        return startCommand(repo, name, httpPort, command, Scheduling.NORMAL, logDir, runDir);
    }

    /** The same, scheduled as {@code scheduling} says. */
    static ServiceProcess startCommand(Path repo, String name, int httpPort, List<String> command, Scheduling scheduling,
            Path logDir, Path runDir) throws IOException {
        return new ServiceProcess(name, httpPort, "", command, scheduling, null, repo, logDir, runDir).launch();
    }

    /** A command given the class archive's option as its third word, as a service's java is (tests). */
    static ServiceProcess startWithArchive(Path repo, String name, List<String> command, ClassArchive archive, Path logDir,
            Path runDir) throws IOException {
        return new ServiceProcess(name, 0, "", command, Scheduling.NORMAL, archive, repo, logDir, runDir).launch();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private ServiceProcess launch() throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidFile.getParent());
        List<String> cmd = new ArrayList<>(command);
        boolean writesArchive = false;
        FileTime jarAtLaunch = null;
        if (archive != null) {
            String option = archive.option(); // asked at every start: a restart after a good exit maps the archive
            writesArchive = option.startsWith("-XX:ArchiveClassesAtExit=");
            jarAtLaunch = Files.getLastModifiedTime(archive.jar());
            cmd.add(2, option); // after java and the @jvm.options it belongs with
        }
        cmd.addAll(0, scheduling.prefix());
        Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process = p;
        archiving = writesArchive;
        if (writesArchive) {
            FileTime jarTime = jarAtLaunch;
            settled = p.onExit().thenAccept(done -> archive.settle(done.exitValue(), jarTime));
        } else {
            settled = CompletableFuture.completedFuture(null);
        }
        Files.writeString(pidFile, p.pid() + "\n");
        return this;
    }

    /** Starts the same command again (the previous process has exited). */
    void restart() throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + pid() + ")");
        }
        awaitSettled(); // the archive the last run wrote, kept before the next run looks for it
        launch();
    }

    /** How long {@link #awaitStopped} waits after SIGTERM before SIGKILL: longer while the run writes its class archive. */
    Duration grace() {
        return archiving ? ARCHIVING_GRACE : STOP_GRACE;
    }

    private void awaitSettled() {
        try {
            settled.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a move that failed or hangs: the archive is written again at a later exit
        }
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

    private static final HttpClient HEALTH = ServiceClient.client(Duration.ofSeconds(1));

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
     * Waits for the process to exit after {@link #terminate()}, SIGKILL once {@link #grace()} has
     * passed since {@code terminatedAt} (System.nanoTime()); removes the pid file, and keeps the class
     * archive it wrote at exit (or removes a torn one).
     *
     * @return true when it exited by itself within the grace period
     */
    boolean awaitStopped(long terminatedAt) {
        Process p = process;
        boolean clean = true;
        try {
            long left = grace().toNanos() - (System.nanoTime() - terminatedAt);
            if (!p.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                clean = false;
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            clean = false;
        }
        awaitSettled();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file names a process that is gone: harmless
        }
        return clean;
    }
}
