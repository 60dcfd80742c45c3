package rootzone.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a persistent embedded broker in the foreground until the process is stopped:
 * {@code rootzone.kafka.EmbeddedKafkaMain DATA_DIR PORT}. Prints one line when ready.
 */
public final class EmbeddedKafkaMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: rootzone.kafka.EmbeddedKafkaMain DATA_DIR PORT");
            System.exit(2);
        }
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("PORT must be a number, got: " + args[1]);
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(Path.of(args[0]), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        broker.start();
        System.out.println("kafka ready at " + broker.bootstrapServers() + " (cluster " + broker.clusterId()
                + ", data in " + broker.dataDir() + ")");
        System.out.flush();
        stopped.await();
    }

    private EmbeddedKafkaMain() {}
}
