package rootzone.kafka.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Each role's standard Kafka client properties in a credentials directory, {@code <role>.properties}
 * (mode 0600, the directory 0700), and its user and ACLs on the cluster. A role's password is made at
 * random the first time and kept in its file: running again re-applies the same credential and the
 * table's ACLs, and rewrites the file with the current address.
 */
public final class RoleCredentials {

    /**
     * The role's user, ACLs and file.
     *
     * @param transport the cluster address and transport (protocol, TLS trust) the file gets; its own
     *     credentials, if any, are replaced by the role's
     * @return the role's connection, once the broker accepts it
     */
    public static KafkaConnection ensure(Admin admin, KafkaConnection transport, Path file, Role role) {
        String password = Files.isRegularFile(file)
                ? KafkaConnection.load(file).password().orElseGet(KafkaUsers::randomPassword)
                : KafkaUsers.randomPassword();
        KafkaUsers.ensure(admin, role, password);
        KafkaConnection connection = transport.asScramUser(role.name(), password);
        privateDirectory(file.toAbsolutePath().getParent());
        connection.store(file);
        KafkaUsers.awaitAuthenticates(connection);
        return connection;
    }

    /**
     * What a fresh cluster needs before the services start: the contract's topics, then every role's
     * user, ACLs and file in {@code dir}, made with the admin's connection (whose transport the files
     * get).
     */
    public static Map<Role, Path> provision(KafkaConnection admin, Path dir, List<Role> roles) {
        Map<Role, Path> files = new LinkedHashMap<>();
        try (Admin client = Admin.create(admin.clientProperties())) {
            TopicProvisioner.ensure(client);
            for (Role role : roles) {
                Path file = dir.resolve(role.fileName());
                ensure(client, admin, file, role);
                files.put(role, file);
            }
        }
        return files;
    }

    /** Creates the directory readable by its owner only, where the file system has POSIX permissions. */
    static void privateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the credentials directory " + dir, e);
        }
    }

    private RoleCredentials() {}
}
