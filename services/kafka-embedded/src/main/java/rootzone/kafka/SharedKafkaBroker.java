package rootzone.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;

/**
 * The one broker of a test JVM, shared by plain JUnit tests (KafkaBrokerExtension) and Quarkus tests
 * (QuarkusKafkaResource): started on first use, stopped when the JVM exits. A broker per class would
 * cost ~3 s each and twice the memory.
 *
 * <p>The broker is secured as `rootzone up`'s is (SASL SCRAM-SHA-512, ACLs, deny by default), and
 * the contract's topics exist from the start. Tests connect as a role ({@link #connection(Role)}),
 * each with the least it needs, as the services do: a role's user and ACLs are created on its first
 * use and its client properties written to a temporary credentials directory
 * ({@code <role>.properties}, the files `rootzone up` writes).
 *
 * <p>One per JVM, not per class loader: a @QuarkusTest loads this class again in Quarkus' class loader,
 * and a second in-process KRaft broker started from there both wastes a broker and clashes with the
 * first (Kafka loads plugin classes such as DefaultStatePersister through the thread's context class
 * loader). So the broker always belongs to the copy of this class in the system class loader (where
 * surefire puts the test classpath): every other copy asks that one, passing only strings. The owner
 * also publishes its address and credentials directory in system properties
 * ({@value #BOOTSTRAP_PROPERTY}, {@value #CREDENTIALS_PROPERTY}), which covers loaders that cannot
 * see the system copy.
 */
public final class SharedKafkaBroker {

    /** JVM-wide: bootstrap servers of the shared broker once one runs. */
    public static final String BOOTSTRAP_PROPERTY = "rootzone.kafka.shared.bootstrap";
    /** JVM-wide: the directory of the shared broker's role credentials once one runs. */
    public static final String CREDENTIALS_PROPERTY = "rootzone.kafka.shared.credentials";
    /**
     * Opt-in: {@code -Drootzone.kafka.test.brokers=3} makes the shared Kafka a cluster of that many
     * broker processes (KafkaCluster) instead of one in-process broker, so that every test runs
     * against replicated topics as production does.
     */
    public static final String BROKERS_PROPERTY = "rootzone.kafka.test.brokers";

    private static LocalKafka broker;
    private static Path credentials;
    private static final Map<String, Path> files = new HashMap<>();

    /**
     * The broker itself, started in this class loader when needed.
     *
     * @throws IllegalStateException when this JVM's shared broker belongs to another class loader (use
     *     {@link #connection(Role)} there)
     */
    public static synchronized EmbeddedKafkaBroker get() {
        if (start() instanceof EmbeddedKafkaBroker single) {
            return single;
        }
        throw new IllegalStateException("the shared Kafka is a cluster (" + BROKERS_PROPERTY + "): use SharedKafkaBroker.start()");
    }

    /**
     * This JVM's shared Kafka, started in this class loader when needed: one broker, or a cluster with
     * {@value #BROKERS_PROPERTY}.
     */
    public static synchronized LocalKafka start() {
        if (broker == null || !broker.isRunning()) {
            String elsewhere = System.getProperty(BOOTSTRAP_PROPERTY);
            if (elsewhere != null) {
                throw new IllegalStateException("this JVM's shared Kafka broker (" + elsewhere + ") was started from "
                        + "another class loader than " + SharedKafkaBroker.class.getClassLoader()
                        + ": use SharedKafkaBroker.connection(role) here");
            }
            broker = startOwned();
        }
        return broker;
    }

    private static LocalKafka startOwned() {
        // Kafka instantiates plugins (e.g. the share-group persister) through the context class loader:
        // make it the loader of the broker's own classes, also for the threads the broker creates (they
        // inherit it); under Quarkus tests it is not.
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
        try {
            int brokers = Integer.getInteger(BROKERS_PROPERTY, 1);
            LocalKafka started = brokers > 1 ? KafkaCluster.temporary(brokers).start() : EmbeddedKafkaBroker.temporary().start();
            Path dir = Files.createTempDirectory("rootzone-kafka-credentials-");
            try (Admin admin = Admin.create(started.adminConnection().clientProperties())) {
                TopicProvisioner.ensure(admin);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.clearProperty(BOOTSTRAP_PROPERTY);
                System.clearProperty(CREDENTIALS_PROPERTY);
                started.close();
                EmbeddedKafkaBroker.deleteRecursively(dir);
            }, "shared-kafka-broker-stop"));
            credentials = dir;
            files.clear();
            System.setProperty(BOOTSTRAP_PROPERTY, started.bootstrapServers());
            System.setProperty(CREDENTIALS_PROPERTY, dir.toString());
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the shared broker's credentials directory", e);
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /** A connection to this JVM's shared broker as {@code role} (the broker is started when needed). */
    public static KafkaConnection connection(Role role) {
        return KafkaConnection.load(credentialsFile(role));
    }

    /**
     * The role's Kafka client properties file, for a service under test ({@code rootzone.kafka.config})
     * or a child process.
     */
    public static Path credentialsFile(Role role) {
        return Path.of(credentialsFileOf(role.name()));
    }

    /** {@link #credentialsFile(Role)} by role name: the form other class loaders call reflectively. */
    public static String credentialsFileOf(String roleName) {
        Class<?> owner = systemCopy();
        if (owner != null && owner != SharedKafkaBroker.class) {
            try {
                return (String) owner.getMethod("credentialsFileOf", String.class).invoke(null, roleName);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the shared Kafka broker of the system class loader", e);
            }
        }
        Role role = Role.named(roleName);
        synchronized (SharedKafkaBroker.class) {
            if (broker == null || !broker.isRunning()) {
                String elsewhere = System.getProperty(CREDENTIALS_PROPERTY);
                if (elsewhere != null) {
                    Path file = Path.of(elsewhere).resolve(role.fileName());
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalStateException("no credentials of role " + role + " in " + elsewhere
                                + " (roles are created by the class loader that owns the shared broker)");
                    }
                    return file.toString();
                }
            }
            // Kafka loads configured classes (metrics reporters, SASL callbacks) through the context
            // class loader: under a @QuarkusTest that is Quarkus' loader, whose copies of the Kafka
            // classes do not cast to this loader's. Provision with this class's own loader.
            Thread current = Thread.currentThread();
            ClassLoader before = current.getContextClassLoader();
            current.setContextClassLoader(SharedKafkaBroker.class.getClassLoader());
            try {
                start();
                return files.computeIfAbsent(role.name(), n -> provision(role)).toString();
            } finally {
                current.setContextClassLoader(before);
            }
        }
    }

    /** Creates the role's user and ACLs and writes its connection to the credentials directory. */
    private static Path provision(Role role) {
        Path file = credentials.resolve(role.fileName());
        KafkaConnection admin = broker.adminConnection();
        if (role.equals(Role.ADMIN)) {
            admin.store(file);
        } else {
            // Kafka loads its plugins (JmxReporter) through the context class loader: a Quarkus test
            // resource calling in here has Quarkus's, whose Kafka classes are not this copy's.
            Thread thread = Thread.currentThread();
            ClassLoader context = thread.getContextClassLoader();
            thread.setContextClassLoader(SharedKafkaBroker.class.getClassLoader());
            try (Admin client = Admin.create(admin.clientProperties())) {
                RoleCredentials.ensure(client, admin, file, role);
            } finally {
                thread.setContextClassLoader(context);
            }
        }
        return file;
    }

    /** Bootstrap servers of this JVM's shared broker, started when needed. */
    public static String bootstrapServers() {
        return connection(Role.ADMIN).bootstrapServers();
    }

    /** This class as the system class loader knows it, or null when the test classpath is not there. */
    private static Class<?> systemCopy() {
        try {
            return Class.forName(SharedKafkaBroker.class.getName(), false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private SharedKafkaBroker() {}
}
