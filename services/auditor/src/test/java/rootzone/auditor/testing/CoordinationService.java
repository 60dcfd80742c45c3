package rootzone.auditor.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventJson;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/**
 * The coordination service as it runs in operation: its built Quarkus app
 * (services/coordination/target/quarkus-app, built before the auditor in the reactor) in a child JVM
 * on a free loopback port, against this test JVM's broker, in import mode (historical steps are dated
 * with their signed issuedAt). One per test JVM, stopped when the JVM exits.
 *
 * <p>The directory starts from the trust anchor of {@link AnchorResource}, which names the zone maintainer
 * {@link #MAINTAINER}; on start it registers itself through the API (signed with the anchored key), so
 * every test entering notices in this JVM shares it.
 */
public final class CoordinationService {

    public static final String MAINTAINER = "icann";
    /** The anchor is dated before every historical step the tests enter. */
    private static final Instant ANCHORED_AT = Instant.parse("2023-01-01T00:00:00Z");

    private static CoordinationService instance;

    private final ServiceJvm service;
    private final KeyPair maintainerKey = AnchorResource.maintainer().keyPair();

    public static synchronized CoordinationService get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = new CoordinationService();
        }
        return instance;
    }

    private CoordinationService() throws IOException, InterruptedException {
        service = ServiceJvm.start("coordination-service", "rootzone.coordination.app",
                "../coordination/target/quarkus-app/quarkus-run.jar",
                Map.of(KafkaConnection.CONFIG_FILE_PROPERTY, SharedKafkaBroker.credentialsFile(Role.COORDINATION).toString(),
                        "rootzone.coordination.import-mode", "true", "rootzone.coordination.id", "coordination-test",
                        "rootzone.coordination.trust-anchor", AnchorResource.maintainer().anchorFile().toString(),
                        // The coordination log's key where the auditor under test trusts it (TestLogKeys).
                        "rootzone.coordination.log.key-dir", rootzone.eventlog.testing.TestPublisherKey.keyDirectory().toString()),
                "/q/health/ready", Duration.ofSeconds(120));
        register(operator(MAINTAINER, "ICANN", PartyRole.ZONE_MAINTAINER, List.of(), maintainerKey, MAINTAINER,
                maintainerKey, ANCHORED_AT)).statusCode(201);
    }

    public KeyPair maintainerKey() {
        return maintainerKey;
    }

    /** A request to the service's HTTP API. */
    public RequestSpecification request() {
        return given().baseUri("http://127.0.0.1").port(service.port());
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
}
