package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

    private static final Map<String, String> TLS = Map.of(
            "bootstrap.servers", "kafka-0.example:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ops\" password=\"s3cret\";",
            "ssl.truststore.location", "/etc/rootzone/kafka-ca.p12",
            "ssl.truststore.type", "PKCS12");

    @Test
    void aStandardClientPropertiesFileRoundTripsOwnerOnlyAndNeverShowsItsPassword(@TempDir Path dir) throws Exception {
        KafkaConnection c = KafkaConnection.of(TLS);
        Path file = dir.resolve("ops.properties");
        c.store(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(c, KafkaConnection.load(file));
        assertEquals(Optional.of("ops"), c.user());
        assertTrue(c.authenticates());
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertEquals("kafka-0.example:9093 (SASL_SSL, user ops)", c.toString());
    }

    @Test
    void aRoleKeepsTheAdminsTransportAndGetsItsOwnCredential() {
        KafkaConnection role = KafkaConnection.of(TLS).asScramUser("publisher", "pw");
        assertEquals("SASL_SSL", role.securityProtocol());
        assertEquals("/etc/rootzone/kafka-ca.p12", role.properties().get("ssl.truststore.location"));
        assertEquals(Optional.of("publisher"), role.user());
        assertEquals(Optional.of("pw"), role.password());
        KafkaConnection loopback = KafkaConnection.plaintext("127.0.0.1:9092").asScramUser("node-1", "pw");
        assertEquals("SASL_PLAINTEXT", loopback.securityProtocol());
        assertEquals("SCRAM-SHA-512", loopback.properties().get("sasl.mechanism"));
        assertThrows(IllegalArgumentException.class, () -> loopback.asScramUser("x", "a\"b"));
    }

    @Test
    void aServiceTakesItsRoleFileAndFallsBackToBootstrapServersOnly(@TempDir Path dir) {
        Path file = dir.resolve("publisher.properties");
        KafkaConnection.of(TLS).store(file);
        assertEquals(KafkaConnection.of(TLS), KafkaConnection.configured(Optional.of(file.toString()), Optional.of("127.0.0.1:9092")));
        KafkaConnection plain = KafkaConnection.configured(Optional.empty(), Optional.of(" 127.0.0.1:9092 "));
        assertEquals("127.0.0.1:9092", plain.bootstrapServers());
        assertFalse(plain.authenticates());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.configured(Optional.of(" "), Optional.empty()));
        assertTrue(none.getMessage().contains("rootzone.kafka.config"), none.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.configured(Optional.of(dir.resolve("absent").toString()), Optional.empty()));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
        assertEquals("other:1", KafkaConnection.load(file, Optional.of("other:1")).bootstrapServers());
    }
}
