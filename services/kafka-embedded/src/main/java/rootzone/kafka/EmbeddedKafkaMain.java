package rootzone.kafka;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;

/**
 * Runs a persistent embedded broker in the foreground until the process is stopped:
 * {@code rootzone.kafka.EmbeddedKafkaMain DATA_DIR PORT CREDENTIALS_DIR [ROLE ...]}. Writes the admin
 * role's client properties to CREDENTIALS_DIR/admin.properties; with ROLEs (publisher, auditor,
 * coordination, or a node id), also creates the contract's topics and those roles' users, ACLs and
 * CREDENTIALS_DIR/ROLE.properties (what `rootzone up` does itself; for scripts). Prints one line when
 * ready.
 */
public final class EmbeddedKafkaMain {

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: rootzone.kafka.EmbeddedKafkaMain DATA_DIR PORT CREDENTIALS_DIR [ROLE ...]");
            System.exit(2);
        }
        int port;
        List<Role> roles;
        try {
            port = Integer.parseInt(args[1]);
            roles = Arrays.stream(args, 3, args.length).map(Role::named).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("bad argument: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path credentials = Path.of(args[2]);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(Path.of(args[0]), port, credentials.resolve(Role.ADMIN.fileName()));
        CountDownLatch stopped = new CountDownLatch(1);
        broker.closeOnExit(stopped::countDown);
        broker.start();
        if (!roles.isEmpty()) {
            RoleCredentials.provision(broker.adminConnection(), credentials, roles);
        }
        System.out.println("kafka ready at " + broker.bootstrapServers() + " (cluster " + broker.clusterId()
                + ", data in " + broker.dataDir() + ", credentials in " + credentials + ")");
        System.out.flush();
        stopped.await();
    }

    private EmbeddedKafkaMain() {}
}
