package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneSnapshotChunk;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;

@ExtendWith(KafkaBrokerExtension.class)
class SnapshotReaderTest {

    @Test
    void theNewerSnapshotWinsOverChunksLeftByAnOlderLargerOne() {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = VersionLogTest.freshOrigin();
        String zone = ZoneKeys.of(origin);
        SnapshotReader reader = new SnapshotReader(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted());
        assertTrue(reader.latest(zone).isEmpty());

        // ~300 wire bytes per delegation here: 8,000 delegations need 3 chunks, 5,000 need 2.
        Zone big = TestZones.zone(origin, 100, 8_000, 0);
        Zone small = TestZones.zone(origin, 101, 5_000, 0);
        assertEquals(3, Chunks.ofRecords(big.records()).size(), "test setup");
        assertEquals(2, Chunks.ofRecords(small.records()).size(), "test setup");
        List<WrittenVersion> written = VersionLogTest.publish(kafka, zone, versions -> List.of(
                versions.write(null, big, VersionLogTest.info().withSnapshot(true)),
                versions.write(big, small, VersionLogTest.info().withSnapshot(true))));
        assertEquals(3, written.get(0).snapshotChunks());
        assertEquals(2, written.get(1).snapshotChunks());
        // The stale third chunk of serial 100 is still on the topic, as compaction would leave it.
        List<Long> chunkSerials = EventWriterTest.committed(Topics.SNAPSHOTS, Topics.snapshotChunkKey(zone, 2))
                .stream().map(r -> EventCodec.get().decode(r.value(), ZoneSnapshotChunk.class).getSerial()).toList();
        assertEquals(List.of(100L), chunkSerials);

        SnapshotReader.Snapshot latest = reader.latest(zone).orElseThrow();
        assertEquals(101, latest.serial());
        assertEquals(small, latest.zone());
        assertArrayEquals(ContentDigest.of(small), latest.contentDigest());
        assertEquals(written.get(1).committedOffset(), latest.versionsOffset());

        // Bootstrap as a node would: the snapshot, then the versions after its offset.
        Zone v3 = TestZones.zone(origin, 102, 5_000, 4);
        VersionLogTest.publish(kafka, zone, versions -> versions.write(small, v3, VersionLogTest.info()));
        assertEquals(v3, new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).rebuild(zone, latest, 102));
    }
}
