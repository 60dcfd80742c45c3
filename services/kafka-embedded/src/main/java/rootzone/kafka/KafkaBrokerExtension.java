package rootzone.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests ONE real Kafka broker per test run (per JVM): started lazily by the
 * first class that uses the extension, shared with Quarkus tests through SharedKafkaBroker and stopped
 * when the JVM exits. A broker per class would cost ~3 s each.
 *
 * <pre>
 * &#64;ExtendWith(KafkaBrokerExtension.class)
 * class MyTest {
 *     &#64;Test void writes(&#64;KafkaBootstrap String bootstrap) { ... }
 *     // or, anywhere after the extension ran (e.g. in @BeforeAll): KafkaBrokerExtension.bootstrapServers()
 * }
 * </pre>
 *
 * Parameters of type {@link EmbeddedKafkaBroker} are injected too.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    private static volatile EmbeddedKafkaBroker shared;

    /** Bootstrap servers of the shared broker; valid once the extension has run for the test class. */
    public static String bootstrapServers() {
        EmbeddedKafkaBroker broker = shared;
        if (broker == null || !broker.isRunning()) {
            throw new IllegalStateException("no shared Kafka broker: annotate the test class with "
                    + "@ExtendWith(KafkaBrokerExtension.class)");
        }
        return broker.bootstrapServers();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker(context);
    }

    private static EmbeddedKafkaBroker broker(ExtensionContext context) {
        // One broker per JVM, shared with Quarkus tests; stopped when the JVM exits.
        EmbeddedKafkaBroker broker = SharedKafkaBroker.get();
        shared = broker;
        return broker;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedKafkaBroker.class
                || (type == String.class && parameter.isAnnotated(KafkaBootstrap.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        EmbeddedKafkaBroker broker = broker(extension);
        if (parameter.getParameter().getType() == EmbeddedKafkaBroker.class) {
            return broker;
        }
        if (!broker.isRunning()) {
            throw new ParameterResolutionException("the shared Kafka broker has been stopped");
        }
        return broker.bootstrapServers();
    }
}
