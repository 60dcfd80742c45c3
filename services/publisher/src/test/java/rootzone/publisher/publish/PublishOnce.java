package rootzone.publisher.publish;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.xbill.DNS.Name;
import rootzone.kafka.access.KafkaConnection;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;

/**
 * Test helper run as a child JVM: starts a ZonePublisher (recovering from Kafka) and publishes one
 * file, so a test can kill -9 a real publisher in the middle of a version.
 * Args: kafka-client-properties-file transactionalId origin file.
 */
public final class PublishOnce {

    public static void main(String[] args) throws Exception {
        Name origin = Name.fromString(args[2]);
        byte[] text = Files.readAllBytes(Path.of(args[3]));
        ZonePolicy policy = ZonePolicy.defaults().withBlastRadius(1.0);
        try (ZonePublisher p = ZonePublisher.start(KafkaConnection.load(Path.of(args[0])), args[1], "publisher-child", origin, policy, 1000,
                Gatekeeper.standard(), rootzone.publisher.publish.PublisherKeys.of(rootzone.eventlog.testing.TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
            System.out.println("RECOVERED " + p.head().map(h -> Long.toString(h.serial())).orElse("none"));
            PublishOutcome o = p.publish(text, PublishRequest.configured("test", "test", Instant.now()));
            System.out.println(o.summary());
        }
    }

    private PublishOnce() {}
}
