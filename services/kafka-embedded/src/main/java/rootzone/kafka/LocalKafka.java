package rootzone.kafka;

import rootzone.kafka.access.KafkaConnection;

/** A Kafka started here for local runs and tests: one in-process broker, or a cluster of broker processes. */
public interface LocalKafka extends AutoCloseable {

    /** The admin role's connection: it creates topics and the other roles' users and ACLs. */
    KafkaConnection adminConnection();

    /** Every broker's client listener, for the bootstrap.servers setting of clients. */
    String bootstrapServers();

    boolean isRunning();

    @Override
    void close();
}
