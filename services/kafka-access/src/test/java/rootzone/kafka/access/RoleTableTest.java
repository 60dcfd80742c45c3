package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The documentation's table and the Strimzi manifests say what the broker enforces: both are the
 * output of RoleTable over the one table, RoleAcls. On a change of the table, the expected files are
 * written to target/ to copy over.
 */
class RoleTableTest {

    private static final Path REPO = Path.of("../..");
    private static final String BEGIN = "<!-- kafka-role-table: generated from RoleAcls by RoleTable.markdown(), checked by RoleTableTest -->\n";
    private static final String END = "<!-- /kafka-role-table -->";

    @Test
    void docsSecurityMdHoldsTheRoleTable() throws IOException {
        String doc = Files.readString(REPO.resolve("docs/security.md"));
        String expected = BEGIN + RoleTable.markdown() + END;
        if (!doc.contains(expected)) {
            Path out = Path.of("target/kafka-role-table.md");
            Files.writeString(out, expected + "\n");
            throw new AssertionError("docs/security.md does not hold the current role table: replace the block between the "
                    + "kafka-role-table markers with " + out.toAbsolutePath());
        }
    }

    @Test
    void theStrimziKafkaUsersAreTheRoleTable() throws IOException {
        Path manifest = REPO.resolve("deploy/kubernetes/kafka-users.yaml");
        String expected = RoleTable.strimziUsers("rootzone");
        String actual = Files.isRegularFile(manifest) ? Files.readString(manifest) : "";
        if (!expected.equals(actual)) {
            Path out = Path.of("target/kafka-users.yaml");
            Files.writeString(out, expected);
            throw new AssertionError(manifest + " differs from the role table: copy " + out.toAbsolutePath() + " over it");
        }
    }

    @Test
    void theManifestsSpellStrimzisNames() {
        String yaml = RoleTable.strimziUsers("rootzone");
        assertTrue(yaml.contains("type: transactionalId"), yaml);
        assertTrue(yaml.contains("patternType: prefix"), yaml);
        assertTrue(yaml.contains("operations: [Read, Write, DescribeConfigs]"), yaml);
        assertEquals(7, yaml.split("\nkind: KafkaUser\n", -1).length - 1, "admin, publisher, 3 nodes, auditor, coordination");
    }
}
