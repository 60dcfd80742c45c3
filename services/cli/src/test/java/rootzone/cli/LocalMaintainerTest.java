package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.cli.keys.LocalMaintainer;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.eventlog.signing.Ed25519Keys;

/** What ./rootzone up makes on first start so that ./rootzone publish FILE just works. */
class LocalMaintainerTest {

    @Test
    void firstStartMakesAPrivateKeyAndTheTrustAnchorNamingIt(@TempDir Path data) throws Exception {
        Path anchorFile = LocalMaintainer.ensure(data);
        Path key = LocalMaintainer.keyFile(data);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        TrustAnchor anchor = TrustAnchor.read(anchorFile);
        assertTrue(anchor.maintains(LocalMaintainer.DEFAULT_IDENTITY, "."));
        LocalMaintainer found = LocalMaintainer.find(data, null, null);
        assertEquals(LocalMaintainer.DEFAULT_IDENTITY, found.identity());
        assertEquals(Ed25519Keys.keyId(anchor.maintainer(LocalMaintainer.DEFAULT_IDENTITY).orElseThrow().key()),
                Ed25519Keys.keyId(Ed25519Keys.publicKeyFromBase64(Files.readString(data.resolve("keys/maintainer.pub")))));
        String before = Files.readString(anchorFile);
        LocalMaintainer.ensure(data);
        assertEquals(before, Files.readString(anchorFile), "a second start keeps the key and the anchor");
        assertEquals("someone-else", LocalMaintainer.find(data, key, "someone-else").identity());
    }
}
