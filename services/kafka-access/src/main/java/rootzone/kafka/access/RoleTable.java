package rootzone.kafka.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * {@link RoleAcls} written out for people and for Kubernetes: the table in docs/security.md and the
 * Strimzi KafkaUser resources in deploy/kubernetes/kafka-users.yaml. Both files are checked against
 * this output by a test, so they cannot drift from what the broker enforces.
 */
public final class RoleTable {

    /** The node roles the documentation and manifests show (a three-node installation). */
    public static final List<String> EXAMPLE_NODES = List.of("node-1", "node-2", "node-3");

    private static final Map<Role.Kind, String> RUN_BY = Map.of(
            Role.Kind.ADMIN, "`rootzone up` (topics, users, ACLs); no service",
            Role.Kind.PUBLISHER, "publisher",
            Role.Kind.NODE, "serving node (one user per node id)",
            Role.Kind.AUDITOR, "auditor",
            Role.Kind.COORDINATION, "coordination");

    /** The roles in table order, with one node. */
    static List<Role> roles(List<String> nodeIds) {
        List<Role> roles = new ArrayList<>(List.of(Role.ADMIN, Role.PUBLISHER));
        nodeIds.forEach(id -> roles.add(Role.node(id)));
        roles.add(Role.AUDITOR);
        roles.add(Role.COORDINATION);
        return roles;
    }

    /** The Markdown table of every role's grants (a node shown as node-1). */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| Kafka user | used by | resource | name | pattern | operations |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Role role : roles(List.of(EXAMPLE_NODES.get(0)))) {
            boolean first = true;
            for (RoleAcls.Grant g : RoleAcls.grants(role)) {
                b.append("| ").append(first ? "`" + role.name() + "`" : "")
                        .append(" | ").append(first ? RUN_BY.get(role.kind()) : "")
                        .append(" | ").append(camel(g.resource().name(), false))
                        .append(" | `").append(g.name()).append('`')
                        .append(" | ").append(g.pattern() == PatternType.PREFIXED ? "prefix" : "literal")
                        .append(" | ").append(operations(g)).append(" |\n");
                first = false;
            }
        }
        return b.toString();
    }

    /** Strimzi KafkaUser resources (SCRAM-SHA-512, simple authorization) for every role and the example nodes. */
    public static String strimziUsers(String cluster) {
        StringBuilder b = new StringBuilder();
        b.append("# rootzone's Kafka roles as Strimzi KafkaUser resources: one SCRAM-SHA-512 user per role, one per\n");
        b.append("# serving node (node-1..node-3 here: add one per node id), and exactly the ACLs the embedded broker\n");
        b.append("# enforces. GENERATED from services/kafka-access RoleAcls (RoleTable.strimziUsers) and checked by\n");
        b.append("# RoleTableTest: change the table there, not here. Strimzi's User Operator stores each password in\n");
        b.append("# a Secret named after the user; turn it into the service's client properties file\n");
        b.append("# (security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config, ssl.truststore.*).\n");
        for (Role role : roles(EXAMPLE_NODES)) {
            StrimziYaml.header(b, "KafkaUser", role.name(), cluster);
            b.append("spec:\n");
            b.append("  authentication:\n");
            b.append("    type: scram-sha-512\n");
            b.append("  authorization:\n");
            b.append("    type: simple\n");
            b.append("    acls:\n");
            for (RoleAcls.Grant g : RoleAcls.grants(role)) {
                b.append("      - resource:\n");
                b.append("          type: ").append(camel(g.resource().name(), false)).append('\n');
                if (g.resource() != ResourceType.CLUSTER) {
                    b.append("          name: ").append(g.name()).append('\n');
                    b.append("          patternType: ").append(g.pattern() == PatternType.PREFIXED ? "prefix" : "literal").append('\n');
                }
                b.append("        operations: [").append(operations(g)).append("]\n");
                b.append("        host: \"*\"\n");
            }
        }
        return b.toString();
    }

    private static String operations(RoleAcls.Grant g) {
        return g.operations().stream().sorted().map((AclOperation op) -> camel(op.name(), true)).collect(Collectors.joining(", "));
    }

    /** TRANSACTIONAL_ID -> transactionalId (or TransactionalId): Strimzi's and Kafka's documentation spelling. */
    private static String camel(String constant, boolean upperFirst) {
        StringBuilder b = new StringBuilder();
        for (String part : constant.toLowerCase(Locale.ROOT).split("_")) {
            b.append(b.isEmpty() && !upperFirst ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return b.toString();
    }

    private RoleTable() {}
}
