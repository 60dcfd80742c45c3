package rootzone.kafka;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} test parameter that {@link KafkaBrokerExtension} fills with the shared
 * broker's bootstrap servers, e.g. {@code @Test void t(@KafkaBootstrap String bootstrap)}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface KafkaBootstrap {}
