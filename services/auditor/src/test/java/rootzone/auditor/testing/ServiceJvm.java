package rootzone.auditor.testing;

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
 * A built service (its Quarkus app, target/quarkus-app/quarkus-run.jar, built before the auditor in the
 * reactor) run as ./rootzone up runs it: a child JVM on a free loopback HTTP port with -D properties,
 * its output in target/NAME.log, stopped when the test JVM exits.
 */
public final class ServiceJvm {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    /**
     * @param appProperty the system property naming the jar (set by the auditor's surefire configuration)
     * @param readyPath the HTTP path answering 200 once the service is ready, e.g. /q/health/ready
     */
    public static ServiceJvm start(String name, String appProperty, String defaultJar, Map<String, String> properties,
                                   String readyPath, Duration timeout) throws IOException, InterruptedException {
        return new ServiceJvm(name, Path.of(System.getProperty(appProperty, defaultJar)), properties, readyPath, timeout);
    }

    private ServiceJvm(String name, Path jar, Map<String, String> properties, String readyPath, Duration timeout)
            throws IOException, InterruptedException {
        this.name = name;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build the " + name + " first "
                    + "(e.g. ./mvnw -pl services/auditor -am verify, which builds it before the auditor)");
        }
        port = rootzone.testsupport.ExternalTools.freePort();
        log = Files.createDirectories(Path.of("target")).resolve(name + ".log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, name + "-stop"));
        awaitReady(readyPath, timeout);
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    private void awaitReady(String path, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL if it has not after 10 s. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
