package rootzone.kafka;

/**
 * The one broker of a test JVM, shared by plain JUnit tests (KafkaBrokerExtension) and Quarkus tests
 * (QuarkusKafkaResource): started on first use, stopped when the JVM exits. A broker per class would
 * cost ~3 s each and twice the memory.
 */
public final class SharedKafkaBroker {

    private static EmbeddedKafkaBroker broker;

    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null || !broker.isRunning()) {
            EmbeddedKafkaBroker started = EmbeddedKafkaBroker.temporary().start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-broker-stop"));
            broker = started;
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    private SharedKafkaBroker() {}
}
