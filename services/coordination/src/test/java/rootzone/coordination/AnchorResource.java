package rootzone.coordination;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import rootzone.coordination.model.sign.TestMaintainer;

/** The coordination service under test starts from a trust anchor naming "icann" the root's maintainer. */
public final class AnchorResource implements QuarkusTestResourceLifecycleManager {

    /** The anchored maintainer, found by tests through a system property (class loaders differ). */
    public static TestMaintainer icann() {
        return TestMaintainer.shared("coordination", "icann", ".");
    }

    /** The coordination log's key directory (the same path for both class loaders). */
    public static final java.nio.file.Path LOG_KEYS = java.nio.file.Path.of("target", "coordination-log-keys").toAbsolutePath();

    @Override
    public Map<String, String> start() {
        return Map.of("rootzone.coordination.trust-anchor", icann().anchorFile().toString(),
                "rootzone.coordination.log.key-dir", LOG_KEYS.toString());
    }

    @Override
    public void stop() {}
}
