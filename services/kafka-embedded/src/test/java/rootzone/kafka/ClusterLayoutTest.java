package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout's proxied listeners (the fault suite's node cut-off): kept, read back, and changeable without touching the data. */
class ClusterLayoutTest {

    @Test
    void proxiedListenersAreAdvertisedAtTheProxyPortsAndBoundElsewhere(@TempDir Path dir) {
        ClusterLayout layout = ClusterLayout.ensure(dir, 3, 0, 31050);
        assertEquals("127.0.0.1:31050,127.0.0.1:31051,127.0.0.1:31052", layout.proxiedBootstrapServers());
        ClusterLayout read = ClusterLayout.load(dir);
        for (int i = 0; i < 3; i++) {
            int[] ports = read.proxied(i).orElseThrow();
            assertEquals(31050 + i, ports[1]);
            assertTrue(ports[0] != ports[1] && ports[0] != read.clientPort(i), "bound to a port of its own");
            assertArrayEquals(layout.proxied(i).orElseThrow(), ports);
        }
    }

    @Test
    void anExistingClusterTakesOrDropsTheProxyAndKeepsItsIdentity(@TempDir Path dir) {
        ClusterLayout plain = ClusterLayout.ensure(dir, 3, 0);
        assertTrue(plain.proxied(0).isEmpty());
        assertThrows(IllegalStateException.class, plain::proxiedBootstrapServers);

        ClusterLayout proxied = ClusterLayout.ensure(dir, 3, 0, 31050);
        assertEquals(plain.clusterId(), proxied.clusterId());
        assertEquals(plain.clientPort(2), proxied.clientPort(2));
        assertTrue(ClusterLayout.load(dir).proxied(2).isPresent());

        assertTrue(ClusterLayout.ensure(dir, 3, 0).proxied(0).isEmpty());
        assertEquals(plain.clusterId(), ClusterLayout.load(dir).clusterId());
    }

    /** The ports later starts bind again are outside the ephemeral range (an outgoing connection may hold one there). */
    @Test
    void keptPortsAreDistinctAndBelowTheEphemeralRange(@TempDir Path dir) {
        ClusterLayout layout = ClusterLayout.ensure(dir, 3, 0, 31050);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            seen.add(layout.clientPort(i));
            for (int port : new int[] {layout.internalPort(i), layout.controllerPort(i), layout.proxied(i).orElseThrow()[0]}) {
                assertTrue(port >= ClusterLayout.KEPT_FIRST && port < ClusterLayout.KEPT_END, port + " is not in the kept range");
                assertTrue(seen.add(port), port + " is used twice");
            }
        }
    }
}
