package rootzone.node.app;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.node.materialize.TestZones;
import rootzone.zone.Zone;

/** The Quarkus service end to end: topics, materialization from a real broker, DNS, health, /node, metrics. */
@QuarkusTest
@WithTestResource(NodeKafkaResource.class)
class ServingNodeTest {

    @Inject
    ServingNode node;

    @Test
    void servesWhatIsPublishedAndReportsIt() throws Exception {
        given().when().get("/q/health/live").then().statusCode(200);
        Zone v1 = TestZones.zone("app.test.", 7, 20, 0);
        Zone v2 = TestZones.zone("app.test.", 8, 20, 1);
        try (EventWriter w = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-test-app", "publisher-app")) {
            VersionWriter pub = new VersionWriter(w, rootzone.eventlog.testing.TestPublisherKey.signer());
            pub.write(null, v1, VersionInfo.published("t", "test", Instant.now()));
            pub.write(v1, v2, VersionInfo.published("t", "test", Instant.now()));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (node.status().servedSerial() != 8 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(8, node.status().servedSerial());

        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(node.dnsPort());
        Message answer = r.send(Message.newQuery(Record.newRecord(TestZones.name("app.test."), Type.SOA, DClass.IN)));
        assertEquals(8, ((SOARecord) answer.getSection(org.xbill.DNS.Section.ANSWER).get(0)).getSerial());

        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/node").then().statusCode(200)
                .body("id", equalTo("test-node"))
                .body("zone", equalTo("app.test."))
                .body("serial", equalTo(8))
                .body("behind", equalTo(0));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("rootzone_node_serial_served 8.0"))
                .body(containsString("rootzone_node_queries_total{qtype=\"SOA\"}"))
                .body(containsString("rootzone_node_apply_duration_seconds_count 2"));
    }
}
