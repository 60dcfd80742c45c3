package rootzone.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests ONE real Kafka broker per test run (per JVM): started by the first
 * class that uses the extension, shared with Quarkus tests through SharedKafkaBroker and stopped when
 * the JVM exits. A broker per class would cost ~3 s each.
 *
 * <pre>
 * &#64;ExtendWith(KafkaBrokerExtension.class)
 * class MyTest {
 *     &#64;Test void writes() { KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER); ... }
 * }
 * </pre>
 *
 * Parameters of type {@link EmbeddedKafkaBroker} are injected.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        SharedKafkaBroker.start();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return SharedKafkaBroker.get();
    }
}
