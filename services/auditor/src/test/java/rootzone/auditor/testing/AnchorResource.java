package rootzone.auditor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import rootzone.coordination.model.sign.TestMaintainer;

/**
 * The trust anchor the auditor under test and its coordination service (CoordinationService) share:
 * it names {@link CoordinationService#MAINTAINER} the root's maintainer, so the directory both fold
 * starts from it (issue 10: no first-registrant maintainer).
 */
public final class AnchorResource implements QuarkusTestResourceLifecycleManager {

    /** The anchored maintainer, found through a system property (the test's class loader differs). */
    public static TestMaintainer maintainer() {
        return TestMaintainer.shared("auditor", CoordinationService.MAINTAINER, ".");
    }

    @Override
    public Map<String, String> start() {
        return Map.of("rootzone.auditor.trust-anchor", maintainer().anchorFile().toString());
    }

    @Override
    public void stop() {}
}
