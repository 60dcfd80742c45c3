package rootzone.auditor.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.auditor.resume.ReplayPositionFile;
import rootzone.auditor.testing.TestLogKeys;
import rootzone.auditor.testing.TestLogOperator;
import rootzone.auditor.testing.TestZones;
import rootzone.auditor.tlog.LogFinding;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.LogReader;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogNames;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.kafka.access.RoleCredentials;
import rootzone.zone.Zone;

/**
 * A rewrite of Kafka below the auditor's restart point, where the restart itself does not look (the
 * last verified event is intact, the index snapshot's last offset too): the re-read after the restart
 * ({@link RestartReread}) finds it against the transparency log's signed leaves and the hash chains.
 * (a) The versions topic deleted and recreated, every record at its offset, serial 2's commit re-signed
 * with the publisher's key saying another publisher: ENTRY_DOES_NOT_MATCH_EVENT at leaf 1 and the chain
 * broken at serial 3. (b) Serial 1's records deleted (Kafka deleteRecords): ENTRY_WITHOUT_EVENT at
 * leaf 0. The attacker holds the admin role and grants itself what it needs. On a broker of its own:
 * it deletes a topic.
 */
class RewriteBelowRestartTest {

    private static final String ZONE = "tlog-restart.";
    private static final String LOG = "tlog-restart";
    private static final Instant AT = Instant.parse("2026-05-06T07:08:09Z");
    private static EmbeddedKafkaBroker broker;
    private static KafkaConnection publisher;
    private static KafkaConnection auditor;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker(@TempDir Path credentials) {
        broker = EmbeddedKafkaBroker.temporary().start();
        LogTopics.ensure(broker.adminConnection());
        Map<Role, Path> files = RoleCredentials.provision(broker.adminConnection(), credentials, List.of(Role.PUBLISHER, Role.AUDITOR));
        publisher = KafkaConnection.load(files.get(Role.PUBLISHER));
        auditor = KafkaConnection.load(files.get(Role.AUDITOR));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private record Running(EventAuditor events, TransparencyLogs logs, RestartReread reread, List<Thread> threads) {
        void stop() throws InterruptedException {
            reread.stop();
            events.stop();
            for (Thread t : threads) {
                t.join(15_000);
                assertFalse(t.isAlive(), t.getName());
            }
        }

        List<LogFinding> findings() {
            return logs.findingsOf(logs.log(LOG), events.caughtUpAt());
        }

        RestartReread.State.Done done() throws InterruptedException {
            await(() -> reread.state() instanceof RestartReread.State.Done || reread.state() instanceof RestartReread.State.Failed,
                    "the re-read below the restart point");
            return assertInstanceOf(RestartReread.State.Done.class, reread.state());
        }
    }

    /** The auditor's event audit and re-read as Auditor wires them (no index followers: ready is the audit's). */
    private Running start() {
        List<String> keys = List.of(TestLogKeys.auditorConfig().get("rootzone.auditor.log-keys").split(","));
        TransparencyLogs logs = new TransparencyLogs(List.of(ZONE), LogNames.DEFAULT_PREFIX, TransparencyLogs.readKeys(keys), List.of(), dataDir);
        EventAuditor events = new EventAuditor(auditor, TestPublisherKey.trusted(), new NodeApplies(), new RejectionLog(),
                new ReplayPositionFile(dataDir), Duration.ofMillis(100), logs);
        RestartReread reread = new RestartReread(auditor, TestPublisherKey.trusted(), events, logs, () -> true);
        List<Thread> threads = List.of(new Thread(events, "test-events"), new Thread(reread, "test-reread"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
        return new Running(events, logs, reread, threads);
    }

    @Test
    void aRewriteBelowTheRestartPointIsFoundAfterTheRestart() throws Exception {
        try (TestLogOperator op = new TestLogOperator(ZONE, publisher)) {
            for (int i = 1; i <= 4; i++) {
                op.publish(zone(i), info(i));
            }
        }
        Running first = start();
        long since = System.nanoTime();
        await(() -> first.logs().log(LOG).tree().size() == 4 && first.events().caughtUpAt() > since, "four leaves");
        await(() -> first.reread().state() instanceof RestartReread.State.NotNeeded, "nothing to re-read after a start from offset 0");
        assertEquals(List.of(), first.findings());
        first.stop();

        // An honest restart: everything below it read again, every event its leaf's, the chains end at the saved tips.
        Running honest = start();
        RestartReread.State.Done clean = honest.done();
        assertEquals(List.of(), clean.chainFindings());
        assertEquals(4, clean.judged(), "the four commits checked against their leaves");
        assertEquals(List.of(), honest.findings());
        honest.stop();

        // (a) the versions topic recreated, every record at its offset, serial 2's commit re-signed
        grantTheAdminEverything();
        recreateVersions(c -> {
            if (c.getSerial() == 2) {
                c.setPublisher("mallory");
                TestPublisherKey.signer().sign(ZONE, c);
            }
        });
        Running second = start();
        RestartReread.State.Done rewritten = second.done();
        assertTrue(second.events().firstBreak().isEmpty(), "the restart itself sees nothing: the last verified event is intact");
        assertTrue(second.findings().stream().anyMatch(f -> f instanceof LogFinding.EntryRewritten e && e.index() == 1
                && "publisher".equals(e.line()) && "mallory".equals(e.inEvent())), second.findings().toString());
        assertTrue(rewritten.chainFindings().stream().anyMatch(f -> f.startsWith("hash chain broken")), rewritten.chainFindings().toString());
        second.stop();

        // (b) serial 1's records deleted, below the restart point
        long serial2 = firstOffsetOf(2);
        try (Admin admin = Admin.create(broker.adminConnection().clientProperties())) {
            admin.deleteRecords(Map.of(new TopicPartition(Topics.VERSIONS, 0), RecordsToDelete.beforeOffset(serial2))).all().get();
        }
        Running third = start();
        third.done();
        assertTrue(third.findings().stream().anyMatch(f -> f instanceof LogFinding.EventMissing m && m.index() == 0
                && m.entryKey().equals("version 1")), third.findings().toString());
        third.stop();
    }

    /** What a compromised admin role can do: it may alter ACLs, so it grants itself every right on the topics. */
    private static void grantTheAdminEverything() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(broker.adminConnection().clientProperties())) {
            List<AclBinding> b = new ArrayList<>();
            b.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, RoleAcls.TOPIC_PREFIX, PatternType.PREFIXED),
                    new AccessControlEntry(Role.ADMIN.principal(), "*", AclOperation.ALL, AclPermissionType.ALLOW)));
            b.add(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "tamper", PatternType.PREFIXED),
                    new AccessControlEntry(Role.ADMIN.principal(), "*", AclOperation.ALL, AclPermissionType.ALLOW)));
            admin.createAcls(b).all().get();
        }
        Thread.sleep(1_000); // ACLs propagate to the broker's authorizer
    }

    /**
     * Deletes the versions topic and writes its records back in the same transactions (a run of
     * consecutive offsets is one transaction, its commit marker the gap after it), so every record keeps
     * its offset; {@code edit} changes the commits on the way.
     */
    private static void recreateVersions(java.util.function.Consumer<ZoneVersionCommitted> edit) throws Exception {
        KafkaConnection admin = broker.adminConnection();
        List<LogEvent> before = LogReader.all(admin, "tamper", LogSource.first(Topics.VERSIONS));
        try (Admin a = Admin.create(admin.clientProperties())) {
            a.deleteTopics(List.of(Topics.VERSIONS)).all().get();
            await(() -> {
                try {
                    return !a.listTopics().names().get().contains(Topics.VERSIONS);
                } catch (Exception e) {
                    return false;
                }
            }, "the versions topic deleted");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                LogTopics.ensure(admin);
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500); // the deletion is still going on
            }
        }
        Map<String, Object> p = admin.clientProperties();
        p.put("transactional.id", "tamper-versions");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            long next = -1;
            for (LogEvent e : before) {
                if (e.offset() != next) {
                    if (next >= 0) {
                        producer.commitTransaction();
                    }
                    producer.beginTransaction();
                }
                byte[] value = e.value();
                if (e.type() == ZoneVersionCommitted.class) {
                    ZoneVersionCommitted c = e.require(ZoneVersionCommitted.class);
                    edit.accept(c);
                    value = EventCodec.get().encode(c);
                }
                producer.send(new ProducerRecord<>(Topics.VERSIONS, 0, e.key(), value));
                next = e.offset() + 1;
            }
            producer.commitTransaction();
        }
        // commitTransaction returns once the coordinator has logged the commit; the markers reach the
        // partition after that (KIP-98), so a read_committed reader may stop short for a moment.
        List<Long> expected = before.stream().map(LogEvent::offset).toList();
        await(() -> committedOffsets(admin).size() >= expected.size(), "the last transaction's marker on the partition");
        assertEquals(expected, committedOffsets(admin), "every record back at its offset");
    }

    private static List<Long> committedOffsets(KafkaConnection admin) {
        return LogReader.all(admin, "tamper", LogSource.first(Topics.VERSIONS)).stream().map(LogEvent::offset).toList();
    }

    private static long firstOffsetOf(long serial) {
        List<LogEvent> all = LogReader.all(broker.adminConnection(), "tamper", LogSource.first(Topics.VERSIONS));
        // the records of a version are one transaction: its first is the one after the previous commit
        long after = 0;
        for (LogEvent e : all) {
            if (e.type() == ZoneVersionCommitted.class) {
                if (e.require(ZoneVersionCommitted.class).getSerial() == serial) {
                    return after;
                }
                after = e.offset() + 2; // past the commit marker
            }
        }
        throw new AssertionError("no serial " + serial);
    }

    private static VersionInfo info(int i) {
        return VersionInfo.published("alice", "http", AT.plusSeconds(i));
    }

    private static Zone zone(long serial) {
        return TestZones.zone(ZONE, serial, List.of("com", "n" + serial), 3600);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
