package rootzone.kafka.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Where a Kafka cluster is and how to authenticate to it: bootstrap servers plus the standard client
 * properties (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.*, ...), exactly as
 * a Kafka client .properties file holds them. Every Kafka client of rootzone is built from one.
 *
 * <p>{@link #toString()} never shows a password.
 */
public final class KafkaConnection {

    /** Service configuration key naming the role's client .properties file. */
    public static final String CONFIG_FILE_PROPERTY = "rootzone.kafka.config";
    /** Service configuration key for an unsecured broker: bootstrap servers alone, PLAINTEXT. */
    public static final String BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";

    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";

    private static final Pattern JAAS_USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    private final Map<String, String> properties;

    private KafkaConnection(Map<String, String> properties) {
        String bootstrap = properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("no " + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG + " in the Kafka client properties");
        }
        this.properties = Map.copyOf(properties);
    }

    /** Bootstrap servers only: a PLAINTEXT connection to an unsecured broker. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.trim()));
    }

    /** Standard Kafka client properties; bootstrap.servers is required. */
    public static KafkaConnection of(Map<String, String> properties) {
        return new KafkaConnection(properties);
    }

    /**
     * Reads a standard Kafka client .properties file.
     *
     * @throws IllegalArgumentException when it cannot be read or names no bootstrap servers
     */
    public static KafkaConnection load(Path file) {
        return load(file, Optional.empty());
    }

    /**
     * Reads a standard Kafka client .properties file; {@code bootstrapServers}, when given, names the
     * cluster instead of the file's bootstrap.servers (which may then be absent).
     *
     * @throws IllegalArgumentException when it cannot be read or no bootstrap servers are known
     */
    public static KafkaConnection load(Path file, Optional<String> bootstrapServers) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
        bootstrapServers.ifPresent(b -> map.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, b.trim()));
        try {
            return new KafkaConnection(map);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A service's connection from its configuration: the role's client properties file
     * ({@value #CONFIG_FILE_PROPERTY}) when set, else bootstrap servers alone ({@value #BOOTSTRAP_PROPERTY})
     * for an unsecured broker.
     *
     * @throws IllegalArgumentException when neither is set
     */
    public static KafkaConnection configured(Optional<String> configFile, Optional<String> bootstrapServers) {
        Optional<String> file = configFile.map(String::trim).filter(s -> !s.isEmpty());
        if (file.isPresent()) {
            return load(Path.of(file.get()));
        }
        return bootstrapServers.map(String::trim).filter(s -> !s.isEmpty()).map(KafkaConnection::plaintext)
                .orElseThrow(() -> new IllegalArgumentException("no Kafka connection configured: set " + CONFIG_FILE_PROPERTY
                        + " to the role's Kafka client properties file (or, for an unsecured broker only, " + BOOTSTRAP_PROPERTY + ")"));
    }

    public String bootstrapServers() {
        return properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /**
     * A mutable copy of the client properties, for a client to add its own settings to. A SCRAM
     * connection first puts {@link ScramClient} ahead of Kafka's SCRAM client in the JVM.
     */
    public Map<String, Object> clientProperties() {
        String mechanism = properties.get(SaslConfigs.SASL_MECHANISM);
        if (authenticates() && mechanism != null && mechanism.startsWith("SCRAM-")) {
            ScramClient.install();
        }
        return new HashMap<>(properties);
    }

    /** The client properties as given (unmodifiable). */
    public Map<String, String> properties() {
        return properties;
    }

    public String securityProtocol() {
        return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    /** Whether clients authenticate (SASL_PLAINTEXT or SASL_SSL). */
    public boolean authenticates() {
        return securityProtocol().startsWith("SASL_");
    }

    /** The SASL user name in sasl.jaas.config, if any. */
    public Optional<String> user() {
        return jaasOption(JAAS_USERNAME);
    }

    /** The SASL password in sasl.jaas.config, if any: only for re-applying a role's own credential. */
    Optional<String> password() {
        return jaasOption(JAAS_PASSWORD);
    }

    private Optional<String> jaasOption(Pattern option) {
        String jaas = properties.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas == null) {
            return Optional.empty();
        }
        Matcher m = option.matcher(jaas);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The same cluster and transport (protocol, TLS trust) as this connection, authenticated as
     * {@code user} with SCRAM-SHA-512: how the connection of each role is derived from the admin's.
     */
    public KafkaConnection asScramUser(String user, String password) {
        if (user.indexOf('"') >= 0 || password.indexOf('"') >= 0 || user.indexOf('\\') >= 0 || password.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("SCRAM user names and passwords here must not contain quotes or backslashes");
        }
        Map<String, String> p = new HashMap<>(properties);
        String protocol = securityProtocol();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                protocol.equals("SSL") || protocol.equals("SASL_SSL") ? "SASL_SSL" : "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, SCRAM_SHA_512);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return new KafkaConnection(p);
    }

    /**
     * Writes the properties as a standard Kafka client .properties file readable by the owner only
     * (0600 where the file system has POSIX permissions): it holds a password. Replaces the file
     * atomically, so a reader never sees half of it.
     */
    public void store(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                }
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    Properties p = new Properties();
                    p.putAll(new TreeMap<>(properties));
                    p.store(out, "Kafka client properties" + user().map(u -> " of " + u).orElse("") + " (written by rootzone)");
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Kafka client properties " + file, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaConnection c && c.properties.equals(properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    @Override
    public String toString() {
        return bootstrapServers() + " (" + securityProtocol() + user().map(u -> ", user " + u).orElse("") + ")";
    }
}
