package rootzone.publisher.xfr;

import rootzone.zone.TsigKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.publisher.support.KnotPrimary;
import rootzone.publisher.support.TestZones;
import rootzone.testsupport.ExternalTools;
import rootzone.zone.Zone;

/** Pulls from a real Knot primary: AXFR, NOTIFY on change, IXFR from its journal, AXFR fallback, TSIG. */
class ZoneTransferClientTest {

    private static final Name ORIGIN = TestZones.name("example.");
    private final ZoneTransferClient client = new ZoneTransferClient(Duration.ofSeconds(10));

    @Test
    void axfrThenNotifyThenIxfrFromKnotJournal(@TempDir Path dir) throws Exception {
        String v1 = TestZones.text(2024010100, 200);
        String v2 = TestZones.text("example.", 2024010101, 200, Set.of(3, 7));
        LinkedBlockingQueue<Name> notified = new LinkedBlockingQueue<>();
        int notifyPort = ExternalTools.freePort();
        try (KnotPrimary knot = KnotPrimary.start(dir, "example.", v1, notifyPort, true);
             NotifyListener listener = NotifyListener.start(new InetSocketAddress("127.0.0.1", notifyPort),
                     Map.of(ORIGIN, knot.primary()), notified::add)) {
            Transfer first = client.pull(ORIGIN, knot.primary(), null);
            assertEquals(Transfer.Kind.AXFR, first.kind());
            assertEquals(TestZones.parse(v1), first.zone(), "AXFR yields exactly the primary's zone file");

            Transfer same = client.pull(ORIGIN, knot.primary(), first.zone());
            assertEquals(Transfer.Kind.UP_TO_DATE, same.kind());

            knot.update(v2);
            assertEquals(ORIGIN, notified.poll(15, TimeUnit.SECONDS), "Knot NOTIFYs the publisher after the reload:\n" + knot.log());

            Transfer second = client.pull(ORIGIN, knot.primary(), first.zone());
            assertEquals(Transfer.Kind.IXFR, second.kind(), "Knot has the 1 -> 2 difference in its journal");
            assertEquals(TestZones.parse(v2), second.zone(), "IXFR applied to v1 yields exactly v2");
            assertEquals(2024010101L, client.probeSerial(ORIGIN, knot.primary()));
        }
    }

    @Test
    void axfrFallbackWhenThePrimaryHasNoHistoryForOurSerial(@TempDir Path dir) throws Exception {
        String v1 = TestZones.text(2024010100, 50);
        String v2 = TestZones.text("example.", 2024010105, 50, Set.of(1));
        try (KnotPrimary knot = KnotPrimary.start(dir, "example.", v1, ExternalTools.freePort(), false)) {
            Zone ours = TestZones.parse(v1);
            knot.update(v2);
            Transfer t = client.pull(ORIGIN, knot.primary(), ours);
            assertEquals(Transfer.Kind.AXFR, t.kind(), "no journal: Knot answers IXFR with the whole zone");
            assertEquals(TestZones.parse(v2), t.zone());
        }
    }

    @Test
    void ixfrThatDoesNotApplyToOurCopyFallsBackToAxfr(@TempDir Path dir) throws Exception {
        String v1 = TestZones.text(2024010100, 50);
        String v2 = TestZones.text("example.", 2024010101, 50, Set.of(1));
        try (KnotPrimary knot = KnotPrimary.start(dir, "example.", v1, ExternalTools.freePort(), true)) {
            knot.update(v2);
            // Our copy claims serial 2024010100 but holds different data (d1 already changed), so the primary's delete of the old d1 glue cannot apply.
            Zone diverged = TestZones.parse(TestZones.text("example.", 2024010100, 50, Set.of(1)));
            Transfer t = client.pull(ORIGIN, knot.primary(), diverged);
            assertEquals(Transfer.Kind.AXFR, t.kind());
            assertEquals(TestZones.parse(v2), t.zone());
        }
    }

    @Test
    void transferWithoutTheTsigKeyIsRefused(@TempDir Path dir) throws Exception {
        try (KnotPrimary knot = KnotPrimary.start(dir, "example.", TestZones.text(1, 5), ExternalTools.freePort(), true)) {
            Primary unsigned = new Primary(knot.primary().address(), Optional.empty());
            TransferException e = assertThrows(TransferException.class, () -> client.pull(ORIGIN, unsigned, null));
            assertTrue(e.getMessage().contains("AXFR of example."), e.getMessage());
            Primary wrongKey = new Primary(knot.primary().address(),
                    Optional.of(TsigKey.of("hmac-sha256", KnotPrimary.KEY_NAME, "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==")));
            assertThrows(TransferException.class, () -> client.pull(ORIGIN, wrongKey, null));
        }
    }
}
