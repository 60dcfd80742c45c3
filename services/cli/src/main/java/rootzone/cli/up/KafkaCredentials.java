package rootzone.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;

/**
 * The Kafka side of `rootzone up`: the admin connection (the embedded broker's, or the operator's
 * {@code --kafka-config} for an existing cluster), the contract's topics, and one user per role with
 * its client properties in {@code <data>/credentials/<role>.properties} (0600, made at random on first
 * start and kept). Each service is started with its own role's file. Only an unsecured external
 * cluster ({@code --bootstrap} without {@code --kafka-config}) gets no users: the services then connect
 * with bootstrap servers alone.
 */
final class KafkaCredentials {

    private final Path dir;
    /** Where the admin's properties come from: re-read while waiting (the embedded broker writes it at start). */
    private final Path adminFile;
    private final Optional<String> bootstrap;
    private KafkaConnection admin;

    private KafkaCredentials(Path dir, Path adminFile, Optional<String> bootstrap) {
        this.dir = dir;
        this.adminFile = adminFile;
        this.bootstrap = bootstrap;
    }

    /** Where every role's client properties live. */
    static Path directory(Path data) {
        return data.resolve("credentials").toAbsolutePath();
    }

    /** The embedded broker's: it writes the admin's properties into the credentials directory. */
    static KafkaCredentials embedded(Path data) {
        Path dir = directory(data);
        return new KafkaCredentials(dir, dir.resolve(Role.ADMIN.fileName()), Optional.empty());
    }

    /**
     * An existing cluster: {@code kafkaConfig} holds the client properties of a principal that may
     * create topics, users and ACLs; without it the cluster must be unsecured.
     */
    static KafkaCredentials external(Path data, String bootstrap, Path kafkaConfig) {
        if (bootstrap == null && kafkaConfig == null) {
            throw new IllegalArgumentException("an external cluster needs --bootstrap or --kafka-config");
        }
        if (kafkaConfig != null && !Files.isReadable(kafkaConfig)) {
            throw new IllegalArgumentException("--kafka-config " + kafkaConfig + " is not a readable file");
        }
        KafkaCredentials k = new KafkaCredentials(directory(data), kafkaConfig, Optional.ofNullable(bootstrap));
        if (kafkaConfig == null) {
            k.admin = KafkaConnection.plaintext(bootstrap);
        }
        return k;
    }

    /** Waits until the cluster answers the admin, or fails saying where to look. */
    void await(ServiceProcess broker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (broker != null && !broker.isAlive()) {
                throw new IOException("the Kafka broker exited; see " + broker.log);
            }
            KafkaConnection candidate = admin != null ? admin
                    : Files.isRegularFile(adminFile) ? KafkaConnection.load(adminFile, bootstrap) : null;
            if (candidate != null) {
                Map<String, Object> p = candidate.clientProperties();
                p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
                p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
                try (Admin client = Admin.create(p)) {
                    if (!client.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        admin = candidate;
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    last = notYet instanceof ExecutionException ? notYet.getCause().getMessage() : "no answer";
                }
            }
            Thread.sleep(500);
        }
        throw new IOException("Kafka at " + (admin != null ? admin : adminFile) + " did not answer within " + timeout.toSeconds()
                + " s (" + last + ")" + (adminFile == null ? "; a secured cluster needs --kafka-config FILE" : ""));
    }

    /** The contract's topics, then each role's user, ACLs and file (a secured cluster only). */
    void provision(List<String> nodeIds) {
        if (!admin.authenticates()) {
            try (Admin client = Admin.create(admin.clientProperties())) {
                TopicProvisioner.ensure(client);
            }
            return;
        }
        List<Role> roles = new ArrayList<>(List.of(Role.PUBLISHER, Role.AUDITOR, Role.COORDINATION));
        nodeIds.forEach(id -> roles.add(Role.node(id)));
        RoleCredentials.provision(admin, dir, roles);
    }

    /** The system properties that connect a service as {@code role}. */
    Map<String, String> serviceProperties(Role role) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!admin.authenticates()) {
            p.put(KafkaConnection.BOOTSTRAP_PROPERTY, admin.bootstrapServers());
            return p;
        }
        p.put(KafkaConnection.CONFIG_FILE_PROPERTY, dir.resolve(role.fileName()).toString());
        return p;
    }

    /**
     * As {@link #serviceProperties(Role)}, reaching the cluster at {@code bootstrapServers} instead (a
     * proxy in front of the brokers): a copy of the role's file, 0600 like it, that names them.
     */
    Map<String, String> serviceProperties(Role role, String bootstrapServers) {
        if (!admin.authenticates()) {
            return Map.of(KafkaConnection.BOOTSTRAP_PROPERTY, bootstrapServers);
        }
        Path proxied = dir.resolve("proxied-" + role.fileName());
        KafkaConnection.load(dir.resolve(role.fileName()), Optional.of(bootstrapServers)).store(proxied);
        return Map.of(KafkaConnection.CONFIG_FILE_PROPERTY, proxied.toString());
    }

    /** For the start-up summary. */
    String describe() {
        return admin.bootstrapServers() + (admin.authenticates()
                ? " (" + admin.securityProtocol() + ", one Kafka user per role in " + dir + ")"
                : " (unsecured: no users)");
    }
}
