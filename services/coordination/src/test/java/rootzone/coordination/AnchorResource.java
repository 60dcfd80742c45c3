package rootzone.coordination;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import rootzone.compliance.sign.TestMaintainer;

/** The coordination service under test starts from a trust anchor naming "icann" the root's maintainer. */
public final class AnchorResource implements QuarkusTestResourceLifecycleManager {

    /** The anchored maintainer, found by tests through a system property (class loaders differ). */
    public static TestMaintainer icann() {
        String dir = System.getProperty("rootzone.test.coordination-anchor");
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("coordination-anchor").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("rootzone.test.coordination-anchor", dir);
        }
        return TestMaintainer.named(Path.of(dir), "icann", ".");
    }

    @Override
    public Map<String, String> start() {
        return Map.of("rootzone.coordination.trust-anchor", icann().anchorFile().toString());
    }

    @Override
    public void stop() {}
}
