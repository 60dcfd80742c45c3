package rootzone.auditor.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.eventlog.ChainLink;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionWriter;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.RejectorRole;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/**
 * A forged event, written behind the event log's back with a raw producer and a wrong previousHash,
 * is reported as the first break with its exact topic, partition, offset, expected and found hash.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class ChainTamperTest {

    private static final String ZONE = "tamper.";

    @Test
    void forgedEventIsTheFirstBreakReportedPrecisely() throws Exception {
                KafkaConnection publisher = SharedKafkaBroker.connection(Role.PUBLISHER);
        ChainLink tip;
        try (EventWriter events = new EventWriter(publisher, "rootzone-publisher-tamper", "tamper-publisher")) {
            new VersionWriter(events).rejected(ZONE, rejection("genuine"));
            tip = events.tip(Topics.REJECTIONS, ZONE);
        }
        byte[] wrong = new byte[32];
        Arrays.fill(wrong, (byte) 0x42);
        VersionRejected forged = rejection("forged");
        forged.setEnvelope(Envelope.newBuilder().setEventId(UUID.randomUUID()).setEventType("VersionRejected")
                .setZone(ZONE).setProducer("tamper-publisher").setProducedAt(Instant.now())
                .setSequence(tip.nextSequence()).setPreviousHash(ByteBuffer.wrap(wrong)).build());
        RecordMetadata where;
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(publisher.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            where = raw.send(new ProducerRecord<>(Topics.REJECTIONS, ZONE, EventCodec.get().encode(forged))).get();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath status = given().get("/history/status").jsonPath();
        while (status.get("firstBreak") == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = given().get("/history/status").jsonPath();
        }
        assertEquals(Topics.REJECTIONS, status.getString("firstBreak.topic"), status.prettify());
        assertEquals(where.partition(), status.getInt("firstBreak.partition"));
        assertEquals(where.offset(), status.getLong("firstBreak.offset"));
        assertEquals(ZONE, status.getString("firstBreak.key"));
        assertEquals("tamper-publisher", status.getString("firstBreak.producer"));
        assertEquals(HexFormat.of().formatHex(tip.hash()), status.getString("firstBreak.expectedHash"));
        assertEquals(HexFormat.of().formatHex(wrong), status.getString("firstBreak.foundHash"));
        assertEquals(tip.nextSequence(), status.getLong("firstBreak.expectedSequence"));
        JsonPath verify = given().get("/history/verify").jsonPath();
        assertEquals(false, verify.getBoolean("ok"));
        assertEquals(where.offset(), verify.getLong("firstBreak.offset"));
    }

    private static VersionRejected rejection(String detail) {
        return VersionRejected.newBuilder().setEnvelope(Envelopes.placeholder()).setRejectedBy(RejectorRole.NODE)
                .setSerial(1L).setContentDigest(null).setReason("ZONEMD_MISMATCH").setCode(rootzone.events.RejectReason.ZONEMD_MISMATCH).setDetail(detail)
                .setSource("test").setRequestedBy("test").build();
    }
}
