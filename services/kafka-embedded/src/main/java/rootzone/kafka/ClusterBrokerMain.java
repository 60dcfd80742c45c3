package rootzone.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One broker of a local multi-broker cluster, in the foreground of its own process until stopped:
 * {@code rootzone.kafka.ClusterBrokerMain CLUSTER_DIR INDEX} ({@link ClusterLayout}). Prints one line
 * when it has joined. It exits when the process that started it does (an orphaned broker would hold
 * its ports and data directory against the next start).
 */
public final class ClusterBrokerMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: rootzone.kafka.ClusterBrokerMain CLUSTER_DIR INDEX");
            System.exit(2);
        }
        ClusterLayout layout = ClusterLayout.load(Path.of(args[0]));
        int index = Integer.parseInt(args[1]);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.member(layout, index);
        CountDownLatch stopped = new CountDownLatch(1);
        broker.closeOnExit(stopped::countDown);
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        broker.start();
        System.out.println(ClusterLayout.brokerName(index) + " ready at " + broker.bootstrapServers()
                + " (cluster " + broker.clusterId() + ", node " + index + " of " + layout.brokers() + ", data in " + broker.dataDir() + ")");
        System.out.flush();
        stopped.await();
    }

    private ClusterBrokerMain() {}
}
