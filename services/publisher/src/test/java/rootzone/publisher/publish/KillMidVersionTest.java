package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionChunk;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.support.TestZones;

/**
 * A publisher (child JVM) killed with SIGKILL between the chunks of a 1,000,000-record version: no
 * read_committed consumer ever sees any of it, and the next start publishes it whole, once.
 *
 * <p>To kill reliably between chunks rather than after the commit, the broker throttles producers
 * (a client quota, as a slow link would) for the duration of the first attempt, and the test
 * watches the topic with read_uncommitted until chunks of the version are there.
 */
class KillMidVersionTest {

    private static final String ZONE = "big.example.";
    private static final String TX = "rootzone-publisher-kill-test";
    private static final int DELEGATIONS = 500_000; // NS + glue each: 1,000,003 records with the apex

    @Test
    void killedBetweenChunksThenRepublishedWhole(@TempDir Path dir) throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        long serialBefore = 2024030100L;
        long serialBig = 2024030101L;
        try (ZonePublisher p = ZonePublisher.start(kafka, TX, "publisher-test", Name.fromString(ZONE), ZonePolicy.defaults(),
                1000, Gatekeeper.standard(), rootzone.publisher.publish.PublisherKeys.of(rootzone.eventlog.testing.TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(TestZones.text(ZONE, serialBefore, 100, java.util.Set.of())
                    .getBytes(StandardCharsets.US_ASCII), PublishRequest.configured("test", "test", Instant.now())).status());
        }
        Path big = dir.resolve("big.zone");
        writeBigZone(big, serialBig);
        long start = endOffset(kafka);

        Process child;
        try (Admin admin = Admin.create(SharedKafkaBroker.connection(Role.ADMIN).clientProperties())) {
            throttleProducers(admin, 4_000_000.0);
            try {
                child = startChild(big, dir.resolve("child-1.log"));
                int chunksSeen = awaitUncommittedChunks(kafka, start, serialBig, 3, child, Duration.ofMinutes(3));
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no abort
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertTrue(chunksSeen >= 3);
            } finally {
                throttleProducers(admin, null);
            }
        }
        String log1 = Files.readString(dir.resolve("child-1.log"));
        assertTrue(!log1.contains("PUBLISHED"), "the child was killed before it committed:\n" + log1);

        // Nothing of the version is visible to read_committed readers.
        LastCommitted last = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(ZONE).orElseThrow();
        assertEquals(serialBefore, last.serial());
        assertEquals(0, committedChunksOf(kafka, serialBig), "no committed chunk of the killed version");
        rootzone.eventlog.tlog.LogNames log = rootzone.eventlog.testing.TestPublisherKey.logSettings().zone(ZONE);
        assertEquals(List.of(1L), rootzone.eventlog.testing.LogCheckpoints.read(kafka, log.topic(), log.origin()).stream()
                .map(rootzone.events.LogCheckpoint::getTreeSize).toList(), "the killed transaction left no checkpoint");

        // The next start fences the dead instance's transaction (aborted) and publishes the version whole.
        Process again = startChild(big, dir.resolve("child-2.log"));
        assertTrue(again.waitFor(10, TimeUnit.MINUTES), "second attempt finishes");
        String log2 = Files.readString(dir.resolve("child-2.log"));
        assertEquals(0, again.exitValue(), log2);
        assertTrue(log2.contains("RECOVERED " + serialBefore), log2);
        assertTrue(log2.contains("PUBLISHED " + ZONE + " serial " + serialBig), log2);

        LastCommitted after = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(ZONE).orElseThrow();
        assertEquals(serialBig, after.serial());
        assertEquals(2, after.versions(), "exactly two versions: the small one and the big one, once");
        assertTrue(after.intact(), "hash chain and serial links intact");
        assertEquals(List.of(1L, 2L), rootzone.eventlog.testing.LogCheckpoints.read(kafka, log.topic(), log.origin()).stream()
                .map(rootzone.events.LogCheckpoint::getTreeSize).toList(), "the republished version has its checkpoint, once");
        assertEquals(2L * DELEGATIONS + 3, after.committed().getRecordCount());
        assertEquals(after.committed().getChunkCount(), committedChunksOf(kafka, serialBig),
                "every chunk of the version committed, and no chunk of the killed attempt");
    }

    private static void writeBigZone(Path file, long serial) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("$ORIGIN " + ZONE + "\n$TTL 3600\n@ IN SOA ns1 hostmaster " + serial + " 60 30 86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
            for (int i = 0; i < DELEGATIONS; i++) {
                w.write("d" + i + " IN NS ns.d" + i + "\nns.d" + i + " IN A 10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "\n");
            }
        }
    }

    private static Process startChild(Path file, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                // The child signs with this JVM's test key, the one the checks below trust.
                "-D" + rootzone.eventlog.testing.TestPublisherKey.PROPERTY + "=" + rootzone.eventlog.testing.TestPublisherKey.privateKeyFile(),
                "-cp", System.getProperty("java.class.path"), PublishOnce.class.getName(),
                SharedKafkaBroker.credentialsFile(Role.PUBLISHER).toString(), TX, ZONE,
                file.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Default quota for every client id: producer bytes per second, or null to remove it. */
    private static void throttleProducers(Admin admin, Double bytesPerSecond) throws Exception {
        Map<String, String> entity = new HashMap<>();
        entity.put(ClientQuotaEntity.CLIENT_ID, null); // null: the default for all client ids
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(entity),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all().get();
    }

    /** Waits until a read_uncommitted reader sees {@code atLeast} chunks of the serial; returns how many. */
    private static int awaitUncommittedChunks(KafkaConnection kafka, long from, long serial, int atLeast, Process child,
            Duration timeout) {
        Map<String, Object> p = kafka.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.VERSIONS, 0);
            c.assign(List.of(tp));
            c.seek(tp, from);
            int seen = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    throw new AssertionError("the child publisher exited before sending its chunks");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                    if (EventCodec.get().typeOf(r.value()) == ZoneVersionChunk.class
                            && EventCodec.get().decode(r.value(), ZoneVersionChunk.class).getSerial() == serial) {
                        seen++;
                    }
                }
                if (seen >= atLeast) {
                    return seen;
                }
            }
            throw new AssertionError("no chunks of serial " + serial + " within " + timeout);
        }
    }

    private static int committedChunksOf(KafkaConnection kafka, long serial) {
        // read_committed: the end the reader reaches is the last stable offset.
        return (int) rootzone.eventlog.LogReader.all(kafka, "kill-test", rootzone.eventlog.LogSource.first(Topics.VERSIONS)).stream()
                .filter(e -> e.type() == ZoneVersionChunk.class && e.require(ZoneVersionChunk.class).getSerial() == serial).count();
    }

    private static long endOffset(KafkaConnection kafka) {
        return rootzone.eventlog.LogReader.end(kafka, rootzone.eventlog.LogSource.first(Topics.VERSIONS));
    }
}
