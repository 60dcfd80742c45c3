package rootzone.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/**
 * Points a @QuarkusTest application at the test JVM's shared real broker, connected as its role, the
 * way `rootzone up` runs it ({@code rootzone.kafka.config} = the role's client properties file):
 * {@code @WithTestResource(value = QuarkusKafkaResource.class, scope = TestResourceScope.GLOBAL,
 * initArgs = @ResourceArg(name = "role", value = "auditor"))}. Subclass and override {@link #role()}
 * or {@link #properties()} for service-specific configuration.
 */
public class QuarkusKafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String ROLE_ARG = "role";

    private Role role;

    @Override
    public void init(Map<String, String> initArgs) {
        String name = initArgs.get(ROLE_ARG);
        if (name != null) {
            role = Role.named(name);
        }
    }

    @Override
    public final Map<String, String> start() {
        Map<String, String> config = new HashMap<>(properties());
        config.put(KafkaConnection.CONFIG_FILE_PROPERTY, SharedKafkaBroker.credentialsFile(role()).toString());
        return config;
    }

    /** The role the application runs as: the init argument {@value #ROLE_ARG}. */
    protected Role role() {
        if (role == null) {
            throw new IllegalStateException(getClass().getName() + " needs the application's Kafka role: "
                    + "initArgs = @ResourceArg(name = \"" + ROLE_ARG + "\", value = \"auditor\"), or override role()");
        }
        return role;
    }

    /** Extra configuration for the application under test. */
    protected Map<String, String> properties() {
        return Map.of();
    }

    @Override
    public void stop() {
        // The broker outlives each application: SharedKafkaBroker stops it when the JVM exits.
    }
}
