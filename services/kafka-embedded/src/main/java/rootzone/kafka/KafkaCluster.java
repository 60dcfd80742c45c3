package rootzone.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import rootzone.kafka.access.KafkaConnection;

/**
 * A local multi-broker KRaft cluster ({@link ClusterLayout}), each broker a child process of this
 * JVM so that a test can kill one ({@link #kill(int)}, SIGKILL) and start it again
 * ({@link #start(int)}). `rootzone up --brokers N` runs the same broker processes under its own
 * supervision instead.
 */
public final class KafkaCluster implements LocalKafka {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ClusterLayout layout;
    private final boolean temporary;
    private final String classPath;
    private final List<String> jvmOptions;
    private final Process[] processes;
    private volatile KafkaConnection admin;

    private KafkaCluster(ClusterLayout layout, boolean temporary, String classPath, List<String> jvmOptions) {
        this.layout = layout;
        this.temporary = temporary;
        this.classPath = classPath;
        this.jvmOptions = jvmOptions;
        this.processes = new Process[layout.brokers()];
    }

    /**
     * A fresh cluster of {@code brokers} on free ports, deleted on {@link #close()}, its brokers run
     * from this JVM's class path.
     */
    public static KafkaCluster temporary(int brokers) {
        try {
            Path dir = Files.createTempDirectory("rootzone-kafka-cluster-");
            return new KafkaCluster(ClusterLayout.ensure(dir, brokers, 0), true, System.getProperty("java.class.path"),
                    // Test brokers: small, and C1 only, which starts three JVMs on two cores much sooner.
                    List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka cluster directory", e);
        }
    }

    /** Starts every broker and waits until all have joined and the admin role exists. */
    public synchronized KafkaCluster start() {
        try {
            for (int i = 0; i < processes.length; i++) {
                start(i);
            }
            admin = layout.awaitAndEnsureAdmin(layout.dir().resolve("admin.properties"), READY_TIMEOUT, this::allAlive);
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts broker {@code i}'s process (again, after {@link #kill(int)}); it rejoins on its own. */
    public synchronized void start(int i) {
        if (processes[i] != null && processes[i].isAlive()) {
            throw new IllegalStateException(ClusterLayout.brokerName(i) + " is running");
        }
        try {
            Path logs = Files.createDirectories(layout.dir().resolve("logs"));
            processes[i] = new ProcessBuilder(layout.brokerCommand(i, classPath, jvmOptions)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(ClusterLayout.brokerName(i) + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + ClusterLayout.brokerName(i), e);
        }
    }

    /** SIGKILL to broker {@code i}: no controlled shutdown, as a crash. Returns once it is gone. */
    public synchronized void kill(int i) throws InterruptedException {
        Process p = processes[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGSTOP to broker {@code i}: it keeps its sockets and its port but answers nothing, as a hung
     * host does; {@link #thaw(int)} lets it go on.
     */
    public void freeze(int i) {
        signal(i, "STOP");
    }

    /** SIGCONT to broker {@code i} after {@link #freeze(int)}. */
    public void thaw(int i) {
        signal(i, "CONT");
    }

    private void signal(int i, String signal) {
        Process p = processes[i];
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(ClusterLayout.brokerName(i) + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + ClusterLayout.brokerName(i), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling " + ClusterLayout.brokerName(i), e);
        }
    }

    public boolean isAlive(int i) {
        Process p = processes[i];
        return p != null && p.isAlive();
    }

    private boolean allAlive() {
        for (int i = 0; i < processes.length; i++) {
            if (!isAlive(i)) {
                return false;
            }
        }
        return true;
    }

    /** The broker (node id = index) leading {@code topic}'s partition, as the controller has it now. */
    public int leaderOf(String topic, int partition) throws ExecutionException, InterruptedException {
        try (Admin a = Admin.create(adminConnection().clientProperties())) {
            TopicPartitionInfo info = a.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition);
            Node leader = info.leader();
            if (leader == null) {
                throw new IllegalStateException(topic + "-" + partition + " has no leader");
            }
            return leader.id();
        }
    }

    public ClusterLayout layout() {
        return layout;
    }

    @Override
    public KafkaConnection adminConnection() {
        KafkaConnection a = admin;
        if (a == null) {
            throw new IllegalStateException("cluster not started");
        }
        return a;
    }

    @Override
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    @Override
    public boolean isRunning() {
        return admin != null;
    }

    /** SIGTERM to every broker at once (each bounds its own shutdown), SIGKILL after 15 s. */
    @Override
    public synchronized void close() {
        admin = null;
        for (int i = 0; i < processes.length; i++) {
            if (processes[i] != null && processes[i].isAlive()) {
                try {
                    thaw(i); // a frozen broker would only act on SIGTERM once continued
                } catch (RuntimeException ignored) {
                    // it is going anyway: SIGKILL below
                }
                processes[i].destroy();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    if (!p.waitFor(15, TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (temporary) {
            EmbeddedKafkaBroker.deleteRecursively(layout.dir());
        }
    }

    @Override
    public String toString() {
        return "KafkaCluster[" + layout.brokers() + " brokers, " + bootstrapServers() + ", " + layout.dir() + "]";
    }
}
