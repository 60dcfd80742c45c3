package rootzone.node.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rootzone.node.materialize.LocalStore;

/** The launch's guess at the local store, and when the node takes it (NodeMain). */
class NodeMainTest {

    @Test
    void theGuessComesFromTheSystemPropertiesThenTheEnvironment() {
        Map<String, String> props = Map.of("rootzone.node.data-dir", "/var/lib/a");
        Map<String, String> env = Map.of("ROOTZONE_NODE_DATA_DIR", "/var/lib/b", "ROOTZONE_NODE_ZONE", "example.");
        assertEquals(Path.of("/var/lib/a/zone-example"), NodeMain.guessed(props::get, env::get).orElseThrow().directory());
        assertEquals(Path.of("/var/lib/a/zone-root"), NodeMain.guessed(props::get, Map.<String, String>of()::get).orElseThrow().directory());
        assertEquals(Path.of("/var/lib/b/zone-example"), NodeMain.guessed(Map.<String, String>of()::get, env::get).orElseThrow().directory());
        assertTrue(NodeMain.guessed(Map.<String, String>of()::get, Map.<String, String>of()::get).isEmpty(), "no data directory at launch: no guess");
    }

    @Test
    void theNodeTakesTheLaunchReadOnlyForTheDirectoryItIsConfiguredWith() {
        Map<String, String> props = Map.of("rootzone.node.data-dir", "/var/lib/rootzone/./node");
        NodeMain.preload(NodeMain.guessed(props::get, Map.<String, String>of()::get));
        LocalStore other = NodeMain.localStore(Path.of("/var/lib/other"), ".");
        assertEquals(Path.of("/var/lib/other/zone-root"), other.directory());
        assertNotSame(other, NodeMain.localStore(Path.of("/var/lib/other"), "."));

        LocalStore early = NodeMain.preload(NodeMain.guessed(props::get, Map.<String, String>of()::get));
        assertSame(early, NodeMain.localStore(Path.of("/var/lib/rootzone/node"), "."));
        assertNotSame(early, NodeMain.localStore(Path.of("/var/lib/rootzone/node"), "."), "taken once");

        rootzone.node.dns.ServedZone prepared = NodeMain.servedZone();
        assertNotSame(prepared, NodeMain.servedZone(), "the ServedZone the launch prepared is taken once too");
    }
}
