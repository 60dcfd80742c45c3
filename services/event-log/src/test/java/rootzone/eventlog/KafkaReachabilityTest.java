package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.events.Topics;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;

/**
 * Reachability comes from asking the log: reachable while a broker answers, unreachable (with the
 * seconds counted) within three probes of it going away, and closing stays bounded without it. A
 * broker of its own, since this one is stopped.
 */
class KafkaReachabilityTest {

    @Test
    void reportsTheBrokerGoingAwayAndClosesWithoutIt(@TempDir Path dir) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start();
        KafkaReachability reach = null;
        try {
            try (Admin admin = Admin.create(broker.adminConnection().clientProperties())) {
                TopicProvisioner.ensure(admin);
                RoleCredentials.ensure(admin, broker.adminConnection(), dir.resolve("node.properties"), Role.node("node-1"));
            }
            KafkaConnection node = KafkaConnection.load(dir.resolve("node.properties"));
            reach = KafkaReachability.start(node, Topics.VERSIONS, Duration.ofMillis(500), Clock.systemUTC(), () -> {});
            awaitTrue(reach::reachable, Duration.ofSeconds(20), "reachable while the broker runs");
            assertTrue(reach.lastContact().isPresent());

            broker.close();
            KafkaReachability r = reach;
            awaitTrue(() -> !r.reachable(), Duration.ofSeconds(10), "unreachable soon after the broker stopped");
            Thread.sleep(1500);
            assertTrue(reach.unreachableSeconds() >= 1, "seconds without an answer are counted: " + reach.unreachableSeconds());
            assertTrue(reach.lastError() != null, "the last failure is kept");
        } finally {
            long t0 = System.nanoTime();
            if (reach != null) {
                reach.close();
            }
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "closed within the client close bound");
            broker.close();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
