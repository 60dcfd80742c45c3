package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import rootzone.events.Topics;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.zone.Zone;

/** A 1,000,000-record zone written as one version in one transaction, read back equal. */
@ExtendWith(KafkaBrokerExtension.class)
class MillionRecordVersionTest {

    @Test
    void aMillionRecordZoneRoundTrips() {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = VersionLogTest.freshOrigin();
        String zone = ZoneKeys.of(origin);
        long t0 = System.nanoTime();
        Zone zone1m = TestZones.zone(origin, 2025010100, 200_000, 0); // 5 records each + 3 at the apex
        long t1 = System.nanoTime();
        WrittenVersion written = VersionLogTest.publish(kafka, zone, versions -> versions.write(null, zone1m, VersionLogTest.info()));
        long t2 = System.nanoTime();
        assertEquals(1_000_003, zone1m.size());
        assertTrue(written.chunkCount() > 30, "split into many chunks: " + written.chunkCount());

        // Check every stored value's size, then rebuild.
        AtomicInteger values = new AtomicInteger();
        AtomicLong largest = new AtomicLong();
        try (var consumer = KafkaClients.committedReader(kafka, "size-check")) {
            var tp = new org.apache.kafka.common.TopicPartition(Topics.VERSIONS, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, written.committedOffset() - written.chunkCount());
            while (consumer.position(tp) <= written.committedOffset()) {
                for (var r : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (zone.equals(r.key()) && r.offset() <= written.committedOffset()) {
                        values.incrementAndGet();
                        largest.accumulateAndGet(r.value().length, Math::max);
                    }
                }
            }
        }
        assertEquals(written.chunkCount() + 1, values.get());
        assertTrue(largest.get() <= Topics.MAX_RECORD_BYTES, "largest value " + largest.get());

        Zone rebuilt = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).rebuild(zone, zone1m.serial());
        long t3 = System.nanoTime();
        assertEquals(zone1m, rebuilt);
        System.out.printf("1,000,003 records: build %d ms, write %d chunks %d ms (largest value %d bytes), "
                        + "read+rebuild+verify %d ms%n", (t1 - t0) / 1_000_000, written.chunkCount(), (t2 - t1) / 1_000_000,
                largest.get(), (t3 - t2) / 1_000_000);
    }
}
