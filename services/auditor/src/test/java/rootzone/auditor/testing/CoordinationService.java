package rootzone.auditor.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.compliance.sign.EventJson;
import rootzone.compliance.sign.EventSignatures;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;
import rootzone.kafka.QuarkusKafkaResource;

/**
 * The coordination service as it runs in operation: its built Quarkus app
 * (services/coordination/target/quarkus-app, built before the auditor in the reactor) in a child JVM
 * on a free loopback port, against this test JVM's broker, in import mode (historical steps are dated
 * with their signed issuedAt). One per test JVM, stopped when the JVM exits.
 *
 * <p>A directory has one trust anchor, its first entry: on start the service gets the zone maintainer
 * {@link #MAINTAINER}, registered through its API, so every test entering notices in this JVM shares it.
 */
public final class CoordinationService {

    public static final String MAINTAINER = "icann";
    /** The anchor is dated before every historical step the tests enter. */
    private static final Instant ANCHORED_AT = Instant.parse("2023-01-01T00:00:00Z");

    private static CoordinationService instance;

    private final Process process;
    private final int port;
    private final Path log;
    private final KeyPair maintainerKey = Ed25519Keys.generate();

    public static synchronized CoordinationService get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = new CoordinationService();
        }
        return instance;
    }

    private CoordinationService() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("rootzone.coordination.app", "../coordination/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build the coordination service first "
                    + "(e.g. ./mvnw -pl services/auditor -am verify, which builds services/coordination before the auditor)");
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        log = Files.createDirectories(Path.of("target")).resolve("coordination-service.log").toAbsolutePath();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + QuarkusKafkaResource.bootstrapServers(),
                "-Drootzone.coordination.import-mode=true", "-Drootzone.coordination.id=coordination-test",
                "-jar", jar.toAbsolutePath().toString());
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "coordination-service-stop"));
        awaitReady(Duration.ofSeconds(120));
        register(operator(MAINTAINER, "ICANN", PartyRole.ZONE_MAINTAINER, List.of(), maintainerKey, MAINTAINER,
                maintainerKey, ANCHORED_AT)).statusCode(201);
    }

    public KeyPair maintainerKey() {
        return maintainerKey;
    }

    /** A request to the service's HTTP API. */
    public RequestSpecification request() {
        return given().baseUri("http://127.0.0.1").port(port);
    }

    /** POST /operators of a signed entry. */
    public ValidatableResponse register(OperatorChanged entry) {
        return request().contentType(ContentType.JSON).body(EventJson.toJson(entry).toString()).post("/operators").then();
    }

    /** POST /notices of a signed step. */
    public ValidatableResponse step(NoticeEvent step) {
        return request().contentType(ContentType.JSON).body(EventJson.toJson(step).toString()).post("/notices").then();
    }

    /** A directory entry with one operational contact, issued at {@code issuedAt}, signed by {@code signer}. */
    public static OperatorChanged operator(String id, String name, PartyRole role, List<String> servers, KeyPair own,
            String signer, KeyPair signerKey, Instant issuedAt) {
        OperatorChanged e = OperatorChanged.newBuilder().setEnvelope(EventSignatures.unsignedEnvelope("OperatorChanged"))
                .setOperatorId(id).setName(name).setRole(role).setServers(servers)
                .setContacts(List.of(new Contact(ContactKind.OPERATIONAL, "NOC", "network operations", "noc@" + id + ".example", null, null)))
                .setSigningKey(ByteBuffer.wrap(own.getPublic().getEncoded())).setRemoved(false).setSignerId(signer)
                .setIssuedAt(issuedAt).setSignature(ByteBuffer.allocate(0)).build();
        return EventSignatures.sign(e, signerKey.getPrivate());
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coordination service exited with " + process.exitValue() + "; see " + log);
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
        throw new IllegalStateException("coordination service not ready after " + timeout.toSeconds() + " s; see " + log);
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL if it has not after 10 s. */
    private void stop() {
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
