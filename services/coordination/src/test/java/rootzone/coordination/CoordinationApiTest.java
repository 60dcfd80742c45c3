package rootzone.coordination;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventJson;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.eventlog.ChainVerifier;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.EventCodec;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;
import rootzone.events.Topics;
import rootzone.kafka.QuarkusKafkaResource;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.eventlog.testing.LogCheckpoints;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.events.LogCheckpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;

/** API -> Kafka (real broker) -> read back -> signature check, and the refusals. */
@QuarkusTest
@WithTestResource(value = QuarkusKafkaResource.class, initArgs = @ResourceArg(name = QuarkusKafkaResource.ROLE_ARG, value = "coordination"))
@WithTestResource(AnchorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoordinationApiTest {

    static final KeyPair ICANN = AnchorResource.icann().keyPair();
    static final KeyPair WIDE = Ed25519Keys.generate();
    static final KeyPair MALLORY = Ed25519Keys.generate();
    static Instant afterRegistration;

    static OperatorChanged entry(String id, PartyRole role, KeyPair own, String signer, KeyPair signerKey, String email) {
        OperatorChanged e = OperatorChanged.newBuilder().setEnvelope(EventSignatures.unsignedEnvelope("OperatorChanged"))
                .setOperatorId(id).setName(id.equals("wide") ? "WIDE Project" : "ICANN").setRole(role)
                .setServers(role == PartyRole.ROOT_SERVER_OPERATOR ? List.of("m.root-servers.net.") : List.of())
                .setContacts(List.of(new Contact(ContactKind.OPERATIONAL, "NOC", "network operations", email, "+1 310 000 0000", null),
                        new Contact(ContactKind.ADMINISTRATIVE, "Admin", "liaison", "admin@" + email.split("@")[1], null, null)))
                .setSigningKey(ByteBuffer.wrap(own.getPublic().getEncoded())).setRemoved(false).setSignerId(signer)
                .setIssuedAt(Instant.now()).setSignature(ByteBuffer.allocate(0)).build();
        return EventSignatures.sign(e, signerKey.getPrivate());
    }

    static NoticeEvent.Builder step(String id, NoticeAction action, String issuer) {
        return NoticeEvent.newBuilder().setEnvelope(EventSignatures.unsignedEnvelope("NoticeEvent")).setNoticeId(id)
                .setAction(action).setIssuer(issuer).setIssuedAt(Instant.now()).setSignature(ByteBuffer.allocate(0));
    }

    static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String json(Object event) {
        return (event instanceof NoticeEvent n ? EventJson.toJson(n) : EventJson.toJson((OperatorChanged) event)).toString();
    }

    @Test
    @Order(1)
    void directoryBootstrapAndRegistration() throws Exception {
        // A browser-style cross-origin write (CSRF from any web page): refused before the body is read.
        given().header("Origin", "http://evil.example").contentType("text/plain")
                .body(json(entry("icann", PartyRole.ZONE_MAINTAINER, ICANN, "icann", ICANN, "noc@icann.example")))
                .post("/operators").then().statusCode(403).body("error", equalTo("cross-origin"));
        given().contentType("text/plain").body(json(entry("icann", PartyRole.ZONE_MAINTAINER, ICANN, "icann", ICANN, "noc@icann.example")))
                .post("/operators").then().statusCode(415).body("error", equalTo("content-type"));
        // Issue 10: the first registrant cannot make itself maintainer; the directory starts from the anchor.
        given().contentType(ContentType.JSON).body(json(entry("mallory", PartyRole.ZONE_MAINTAINER, MALLORY, "mallory", MALLORY,
                "m@evil.example"))).post("/operators").then().statusCode(403).body("message", containsString("trust anchor"));
        // Nor is the anchored identity's name worth anything without its key.
        given().contentType(ContentType.JSON).body(json(entry("icann", PartyRole.ZONE_MAINTAINER, MALLORY, "icann", MALLORY,
                "m@evil.example"))).post("/operators").then().statusCode(403);
        given().contentType(ContentType.JSON).body(json(entry("icann", PartyRole.ZONE_MAINTAINER, ICANN, "icann", ICANN, "noc@icann.example")))
                .post("/operators").then().statusCode(201);
        // An operator cannot register itself: 403, nothing written.
        given().contentType(ContentType.JSON).body(json(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, WIDE, "wide", WIDE, "noc@wide.example")))
                .post("/operators").then().statusCode(403).body("error", equalTo("signature"));
        given().contentType(ContentType.JSON).body(json(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, WIDE, "icann", ICANN, "noc@wide.example")))
                .post("/operators").then().statusCode(201);
        Thread.sleep(5);
        afterRegistration = Instant.now();
        Thread.sleep(5);
        // WIDE changes its contact, signed with its own key.
        given().contentType(ContentType.JSON).body(json(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, WIDE, "wide", WIDE, "ops@wide.example")))
                .post("/operators").then().statusCode(201);
        given().get("/operators").then().statusCode(200).body("$", hasSize(2));
        given().queryParam("at", afterRegistration.toString()).get("/operators").then().statusCode(200)
                .body("find { it.operatorId == 'wide' }.contacts[0].email", equalTo("noc@wide.example"));
        given().get("/operators/wide").then().statusCode(200).body("current.contacts[0].email", equalTo("ops@wide.example"))
                .body("history", hasSize(2));
        given().queryParam("at", "yesterday").get("/operators").then().statusCode(400);
    }

    @Test
    @Order(2)
    void noticeLifecycleThroughTheApi() {
        NoticeEvent announce = EventSignatures.sign(step("ksk-2024", NoticeAction.ANNOUNCED, "icann").setKind(NoticeKind.KEY_ROLLOVER)
                .setTitle("KSK-2024 publication").setEffectiveAt(Instant.parse("2025-01-11T00:00:00Z"))
                .setChanges(Map.of("keyTags", "38696", "algorithm", "8")).setParties(List.of("wide")).build(), ICANN.getPrivate());
        given().contentType(ContentType.JSON).body(json(announce)).post("/notices").then().statusCode(201)
                .body("notice.status", equalTo("PENDING"));
        // The same signed step again is a replay.
        given().contentType(ContentType.JSON).body(json(announce)).post("/notices").then().statusCode(403)
                .body("message", containsString("replayed"));
        given().get("/notices/pending").then().statusCode(200).body("wide", equalTo(List.of("ksk-2024")));

        // Signed by someone else, unsigned, altered after signing: refused.
        NoticeEvent forged = EventSignatures.sign(step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide").build(), MALLORY.getPrivate());
        given().contentType(ContentType.JSON).body(json(forged)).post("/notices").then().statusCode(403).body("error", equalTo("signature"));
        NoticeEvent unsigned = step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide").build();
        given().contentType(ContentType.JSON).body(json(unsigned)).post("/notices").then().statusCode(403)
                .body("message", containsString("not signed"));
        // Invalid transition: the issuer cannot acknowledge its own notice.
        NoticeEvent selfAck = EventSignatures.sign(step("ksk-2024", NoticeAction.ACKNOWLEDGED, "icann").build(), ICANN.getPrivate());
        given().contentType(ContentType.JSON).body(json(selfAck)).post("/notices").then().statusCode(409)
                .body("message", containsString("icann is not a party"));

        // The issue time is signed and held against the log's clock: an acknowledgement signed an hour ago
        // (a re-sent old step), one without an issue time, or one dated with an unsigned ?at=: 400, nothing written.
        NoticeEvent stale = EventSignatures.sign(step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide")
                .setIssuedAt(Instant.now().minus(Duration.ofHours(1))).build(), WIDE.getPrivate());
        given().contentType(ContentType.JSON).body(json(stale)).post("/notices").then().statusCode(400)
                .body("message", containsString("from the time the log accepts it"));
        NoticeEvent undated = EventSignatures.sign(step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide").setIssuedAt(null).build(),
                WIDE.getPrivate());
        given().contentType(ContentType.JSON).body(json(undated)).post("/notices").then().statusCode(400)
                .body("message", containsString("carries no issuedAt"));
        NoticeEvent ack = EventSignatures.sign(step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide").build(), WIDE.getPrivate());
        given().contentType(ContentType.JSON).body(json(ack)).queryParam("at", "2024-12-01T00:00:00Z").post("/notices")
                .then().statusCode(400).body("message", containsString("signed issuedAt"));
        given().contentType(ContentType.JSON).body(json(ack)).post("/notices").then().statusCode(201);
        given().get("/notices/pending").then().statusCode(200).body("size()", equalTo(0));
        NoticeEvent took = EventSignatures.sign(step("ksk-2024", NoticeAction.TOOK_EFFECT, "icann").setSerial(2025011100L).build(), ICANN.getPrivate());
        given().contentType(ContentType.JSON).body(json(took)).post("/notices").then().statusCode(201);
        given().get("/notices/ksk-2024").then().statusCode(200).body("status", equalTo("TOOK_EFFECT"))
                .body("serial", equalTo(2025011100)).body("timeline", hasSize(3));
        NoticeEvent late = EventSignatures.sign(step("ksk-2024", NoticeAction.WITHDRAWN, "icann").build(), ICANN.getPrivate());
        given().contentType(ContentType.JSON).body(json(late)).post("/notices").then().statusCode(409)
                .body("message", containsString("took effect (final)"));
        given().get("/notices/nope").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(3)
    void theTopicHoldsSignedChainedEventsThatVerifyIndependently() {
        List<rootzone.eventlog.LogEvent> records = rootzone.eventlog.LogReader.all(SharedKafkaBroker.connection(Role.AUDITOR),
                "coordination-test", rootzone.eventlog.LogSource.first(Topics.COORDINATION));
        ChainVerifier chain = new ChainVerifier(rootzone.eventlog.signing.TrustedPublishers.of(List.of(rootzone.eventlog.signing.Ed25519Keys.generate().getPublic())));
        int notices = 0;
        int operators = 0;
        for (rootzone.eventlog.LogEvent r : records) {
            assertTrue(chain.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value()).isEmpty(), "chain intact at " + r.offset());
            Object e = EventCodec.get().decode(r.value());
            if (e instanceof NoticeEvent n) {
                EventSignatures.verify(n, n.getIssuer().equals("icann") ? ICANN.getPublic() : WIDE.getPublic());
                notices++;
            } else if (e instanceof OperatorChanged o) {
                EventSignatures.verify(o, o.getSignerId().equals("icann") ? ICANN.getPublic() : WIDE.getPublic());
                operators++;
            }
        }
        assertEquals(3, operators, "refused entries were not written");
        assertEquals(3, notices, "only the accepted steps were written");

        // The coordination log: one signed checkpoint per event, in the event's transaction, its entry the event's.
        LogNames names = LogNames.coordination(LogNames.DEFAULT_PREFIX);
        List<LogCheckpoint> cps = LogCheckpoints.read(SharedKafkaBroker.connection(Role.AUDITOR), Topics.COORDINATION_LOG_CHECKPOINTS,
                names.origin());
        assertEquals(records.size(), cps.size(), "one checkpoint per coordination event");
        VerifierKey vkey = VerifierKey.parse(read(LogKeys.vkeyFile(AnchorResource.LOG_KEYS, names)));
        for (int i = 0; i < cps.size(); i++) {
            LogCheckpoint cp = cps.get(i);
            assertEquals(i, cp.getFirstIndex());
            assertEquals(i + 1, cp.getTreeSize());
            assertTrue(SignedNote.parse(cp.getNote()).verifiedBy(vkey), "checkpoint " + i + " verifies with " + vkey);
            byte[] entry = LogCheckpoints.entry(cp, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    LogEntries.coordination(EventCodec.get().decode(records.get(i).value()), EventCodec.hash(records.get(i).value())).bytes(), entry,
                    "entry " + i + " is that of the event at offset " + records.get(i).offset());
            String text = new String(entry, java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("event-sha256 " + java.util.HexFormat.of().formatHex(EventCodec.hash(records.get(i).value()))),
                    "the entry hashes the event's value as written: " + text);
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString("rootzone_coordination_events"));
    }
}
