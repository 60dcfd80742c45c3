package rootzone.publisher.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.support.KnotPrimary;
import rootzone.publisher.support.TestZones;
import rootzone.testsupport.ExternalTools;
import rootzone.zone.Zone;

/**
 * The SOA refresh timer as the fallback when no NOTIFY arrives: Knot's NOTIFY goes to a port nobody
 * listens on, and the follower still picks up the new serial after the zone's refresh interval.
 */
class SecondaryZoneTest {

    private static final Name ORIGIN = TestZones.name("example.");

    /** The test zones with SOA refresh and retry of 1 s, so the timer fires within the test. */
    private static String zone(long serial, Set<Integer> changed) {
        return TestZones.text("example.", serial, 30, changed).replace(" 60 30 86400 300", " 1 1 86400 300");
    }

    @Test
    void refreshTimerPullsWithoutNotify(@TempDir Path dir) throws Exception {
        AtomicReference<Zone> published = new AtomicReference<>();
        List<PublishRequest> requests = new CopyOnWriteArrayList<>();
        try (KnotPrimary knot = KnotPrimary.start(dir, "example.", zone(10, Set.of()), ExternalTools.freePort(), true);
             SecondaryZone follower = new SecondaryZone(ORIGIN, knot.primary(), new ZoneTransferClient(Duration.ofSeconds(5)),
                     published::get, (z, request) -> {
                         published.set(z);
                         requests.add(request);
                         return null; // the outcome is not used by the follower
                     }, Duration.ofMillis(500)).start()) {
            awaitSerial(published, 10);
            knot.update(zone(11, Set.of(4)));
            awaitSerial(published, 11);
            assertEquals(TestZones.parse(zone(11, Set.of(4))), published.get());
            assertEquals(2, requests.size(), "one publication per new serial, none while up to date: " + requests);
            assertTrue(requests.get(0).requestedBy().contains("AXFR"), requests.get(0).requestedBy());
            assertTrue(requests.get(1).requestedBy().contains("IXFR"), requests.get(1).requestedBy());
            assertEquals("xfr", requests.get(1).source());
        }
    }

    private static void awaitSerial(AtomicReference<Zone> published, long serial) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (published.get() == null || published.get().serial() != serial) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("serial " + serial + " not pulled by the refresh timer; have "
                        + (published.get() == null ? "nothing" : published.get().serial()));
            }
            Thread.sleep(50);
        }
    }
}
