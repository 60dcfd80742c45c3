package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.WriterFencedException;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.support.TestZones;

/** Two publisher instances for one zone: the newer fences the older, which publishes nothing more. */
class FencingTest {

    private static final String ZONE = "fence.example.";

    @Test
    void theOlderInstanceIsFencedAndTheNewerOneContinuesFromKafka() throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = Name.fromString(ZONE);
        try (ZonePublisher first = start(kafka, origin)) {
            assertEquals(PublishOutcome.Status.PUBLISHED, first.publish(version(1, Set.of()), request()).status());
            try (ZonePublisher second = start(kafka, origin)) {
                assertEquals(1L, second.head().orElseThrow().serial(), "the newer instance learned serial 1 from Kafka");
                assertThrows(WriterFencedException.class, () -> first.publish(version(2, Set.of(1)), request()));
                assertEquals(PublishOutcome.Status.PUBLISHED, second.publish(version(2, Set.of(1)), request()).status());
            }
        }
        LastCommitted last = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(ZONE).orElseThrow();
        assertEquals(2L, last.serial());
        assertEquals(2, last.versions(), "serial 2 published once, by the newer instance");
        assertEquals(true, last.intact());
    }

    private static ZonePublisher start(KafkaConnection kafka, Name origin) {
        return ZonePublisher.start(kafka, "rootzone-publisher-fence-test", "publisher-test", origin, ZonePolicy.defaults(), 100,
                Gatekeeper.standard(), rootzone.publisher.publish.PublisherKeys.of(rootzone.eventlog.testing.TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC());
    }

    private static byte[] version(long serial, Set<Integer> changed) {
        return TestZones.text(ZONE, serial, 50, changed).getBytes(StandardCharsets.US_ASCII);
    }

    private static PublishRequest request() {
        return PublishRequest.configured("test", "test", Instant.now());
    }
}
