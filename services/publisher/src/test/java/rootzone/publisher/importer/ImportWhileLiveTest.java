package rootzone.publisher.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.events.RejectReason;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherKeys;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.publisher.support.RootZoneHistory;
import rootzone.zone.VersionPolicy;

/**
 * Issue 10 section 3 on real parts: a real broker (its own, so the root zone here is this test's
 * alone) with the publisher's SASL role, the publisher's ZonePublisher, and real root zone versions.
 * An import of 60 versions runs while 20 later versions are published live to the same zone: the log
 * holds one unbroken chain (hash chains and serial links, event-log's verification), each version
 * following the one before; the import stops cleanly at the first version the live publications made
 * obsolete; imported versions are marked imported with their capture time and the relaxations; an
 * import overlapping what the log holds writes nothing.
 */
class ImportWhileLiveTest {

    private static final Set<VersionPolicy.Relaxation> RELAX = Set.of(VersionPolicy.Relaxation.ZONEMD,
            VersionPolicy.Relaxation.BLAST_RADIUS);
    /** What the zone's live policy is in this test: the archive's ZONEMD no longer verifies, so live publishing relaxes it too. */
    private static final ZonePolicy LIVE = new ZonePolicy(VersionPolicy.defaults().relaxed(Set.of(VersionPolicy.Relaxation.ZONEMD)), 0.05);

    private static EmbeddedKafkaBroker broker;
    private static KafkaConnection kafka;

    @TempDir static Path tmp;

    @BeforeAll
    static void broker() throws Exception {
        broker = EmbeddedKafkaBroker.temporary().start();
        KafkaConnection admin = broker.adminConnection();
        try (Admin client = Admin.create(admin.clientProperties())) {
            TopicProvisioner.ensure(client);
            kafka = RoleCredentials.ensure(client, admin, tmp.resolve("publisher.properties"), Role.PUBLISHER);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void importWhilePublishingLiveKeepsOneChainAndAnOverlappingImportWritesNothing() throws Exception {
        List<Path> files = RootZoneHistory.firstVersions(80);
        Path archive = Files.createDirectory(tmp.resolve("archive"));
        for (Path f : files.subList(0, 60)) {
            Files.copy(f, archive.resolve(f.getFileName()));
        }
        try (ZonePublisher publisher = ZonePublisher.start(kafka, "rootzone-publisher-import-test", "publisher-test", Name.root,
                LIVE, 25, Gatekeeper.standard(), PublisherKeys.of(TestPublisherKey.signer()), TestPublisherKey.logSettings(), Clock.systemUTC())) {
            PublishRequest importRequest = new PublishRequest("import", new Requester.SignedImport("maintainer-test", "key-test"),
                    null, Instant.now());
            AtomicInteger imported = new AtomicInteger();
            // The import pauses (between batches, outside the zone's lock) until a live version is in,
            // so the two meet whatever the machine's speed: an import can be faster than one live publish.
            java.util.concurrent.CountDownLatch firstLive = new java.util.concurrent.CountDownLatch(1);
            List<PublishOutcome> live = new ArrayList<>();
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    while (imported.get() < 20) {
                        Thread.sleep(5);
                    }
                    for (Path f : files.subList(60, 80)) {
                        live.add(publisher.publish(Files.readAllBytes(f), PublishRequest.configured("http", "live-test", Instant.now())));
                        firstLive.countDown();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ImportReport report = new ArchiveImporter(publisher, rootzone.zone.ZoneLimits.defaults())
                    .run(archive, null, importRequest, RELAX, n -> {
                        imported.set(n);
                        if (n >= 20) {
                            try {
                                firstLive.await(120, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            publishing.get();
            System.out.printf("ImportWhileLiveTest: import %s; live %s%n", report, live.stream().map(PublishOutcome::status).toList());

            assertTrue(live.stream().allMatch(o -> o.status() == PublishOutcome.Status.PUBLISHED), "every live version published: " + live);
            assertTrue(report.imported() >= 20 && report.imported() < 60, "the import ran, then met the live versions: " + report);
            assertNotNull(report.refused(), "the import stopped at the first version the live ones made obsolete: " + report);
            assertEquals(RejectReason.SERIAL_NOT_NEWER, report.refused().reason());

            LastCommitted last = new VersionLog(kafka, TestPublisherKey.trusted()).lastCommitted(".").orElseThrow();
            assertTrue(last.intact(), "hash chains and serial links hold: " + last.chainBreak() + " " + last.serialProblem());
            List<LoggedVersion> logged = new VersionLog(kafka, TestPublisherKey.trusted()).versions(".");
            assertEquals(report.imported() + 20, logged.size(), "every imported and every live version, once");
            for (int i = 1; i < logged.size(); i++) {
                assertEquals(logged.get(i - 1).serial(), logged.get(i).committed().getPreviousSerial(),
                        "version " + i + " follows the one before it: one chain, no fork");
            }
            LoggedVersion firstImported = logged.get(0);
            assertTrue(firstImported.committed().getImported());
            assertEquals("import", firstImported.committed().getSource().toString());
            assertEquals("maintainer-test", firstImported.committed().getPublisher().toString());
            assertEquals(List.of("blast_radius", "zonemd"), firstImported.committed().getRelaxations().stream().map(Object::toString).toList());
            assertEquals(Files.getLastModifiedTime(archive.resolve(files.get(0).getFileName())).toInstant().toEpochMilli(),
                    firstImported.committed().getCapturedAt().toEpochMilli(), "the capture time is the archive's");
            assertTrue(!logged.get(logged.size() - 1).committed().getImported(), "the live versions are not imported");

            long before = logged.size();
            ImportReport again = new ArchiveImporter(publisher, rootzone.zone.ZoneLimits.defaults())
                    .run(archive, null, importRequest, RELAX, n -> { });
            assertEquals(0, again.imported(), again.toString());
            assertEquals(60, again.skipped(), "every version is older than the log's latest: " + again);
            assertEquals(null, again.error(), again.toString());
            assertEquals(before, new VersionLog(kafka, TestPublisherKey.trusted()).versions(".").size(), "nothing written");
        }
    }
}
