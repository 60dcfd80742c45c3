package rootzone.kafka;

import java.lang.reflect.InvocationTargetException;

/**
 * The one broker of a test JVM, shared by plain JUnit tests (KafkaBrokerExtension) and Quarkus tests
 * (QuarkusKafkaResource): started on first use, stopped when the JVM exits. A broker per class would
 * cost ~3 s each and twice the memory.
 *
 * <p>One per JVM, not per class loader: a @QuarkusTest loads this class again in Quarkus' class loader,
 * and a second in-process KRaft broker started from there both wastes a broker and clashes with the
 * first (Kafka loads plugin classes such as DefaultStatePersister through the thread's context class
 * loader). So the broker always belongs to the copy of this class in the system class loader (where
 * surefire puts the test classpath): {@link #bootstrapServers()} from any other copy asks that one. The
 * owner also publishes its address in the system property {@value #BOOTSTRAP_PROPERTY}, which covers
 * loaders that cannot see the system copy.
 */
public final class SharedKafkaBroker {

    /** JVM-wide: bootstrap servers of the shared broker once one runs. */
    public static final String BOOTSTRAP_PROPERTY = "rootzone.kafka.shared.bootstrap";

    private static EmbeddedKafkaBroker broker;

    /**
     * The broker itself, started in this class loader when needed.
     *
     * @throws IllegalStateException when this JVM's shared broker belongs to another class loader (use
     *     {@link #bootstrapServers()} there)
     */
    public static synchronized EmbeddedKafkaBroker get() {
        if (broker == null || !broker.isRunning()) {
            String elsewhere = System.getProperty(BOOTSTRAP_PROPERTY);
            if (elsewhere != null) {
                throw new IllegalStateException("this JVM's shared Kafka broker (" + elsewhere + ") was started from "
                        + "another class loader than " + SharedKafkaBroker.class.getClassLoader()
                        + ": use SharedKafkaBroker.bootstrapServers() here");
            }
            broker = startOwned();
        }
        return broker;
    }

    private static EmbeddedKafkaBroker startOwned() {
        // Kafka instantiates configured classes through the context class loader: make it the loader of
        // the broker's own classes, also for the threads the broker creates (they inherit it).
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        current.setContextClassLoader(SharedKafkaBroker.class.getClassLoader());
        try {
            // Kafka instantiates plugins (e.g. the share-group persister) through the context class
            // loader; under Quarkus tests that is not the loader of the broker's own classes.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(EmbeddedKafkaBroker.class.getClassLoader());
            EmbeddedKafkaBroker started;
            try {
                started = EmbeddedKafkaBroker.temporary().start();
            } finally {
                thread.setContextClassLoader(previous);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.clearProperty(BOOTSTRAP_PROPERTY);
                started.close();
            }, "shared-kafka-broker-stop"));
            System.setProperty(BOOTSTRAP_PROPERTY, started.bootstrapServers());
            return started;
        } finally {
            current.setContextClassLoader(before);
        }
    }

    /** Bootstrap servers of this JVM's shared broker, started (in the system class loader) when needed. */
    public static String bootstrapServers() {
        Class<?> owner = systemCopy();
        if (owner != null && owner != SharedKafkaBroker.class) {
            try {
                return (String) owner.getMethod("bootstrapServers").invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the shared Kafka broker of the system class loader", e);
            }
        }
        synchronized (SharedKafkaBroker.class) {
            if (broker == null || !broker.isRunning()) {
                String elsewhere = System.getProperty(BOOTSTRAP_PROPERTY);
                if (elsewhere != null) {
                    return elsewhere;
                }
            }
            return get().bootstrapServers();
        }
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
