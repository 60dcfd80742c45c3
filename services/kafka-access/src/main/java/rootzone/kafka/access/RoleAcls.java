package rootzone.kafka.access;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import rootzone.events.Topics;

/**
 * THE table of what each role may do on Kafka, allow-only, on a broker that denies everything else
 * ({@code allow.everyone.if.no.acl.found=false}). The broker setup, `rootzone up`, the tests, the
 * documentation (docs/security.md) and the Strimzi KafkaUser manifests are all derived from or
 * checked against it.
 *
 * <p>Least privilege for how the clients really work: consumers assign partitions and seek (no
 * consumer group, so no Group ACL); writers are transactional, which needs Write on their
 * transactional id, and no IdempotentWrite on the cluster (Kafka 3.0+, KIP-679: Write on a topic or
 * transactional id already allows an idempotent producer). Readers of a writer's own topic are there
 * for the hash chain: the writer recovers its chain tip from the log. DescribeConfigs lets each
 * service check that the topics it uses really keep history (event-log TopicProvisioner). Read and
 * Write imply Describe (Kafka's ACL rules), so Describe is not listed again.
 */
public final class RoleAcls {

    /** The publisher's transactional ids start with this: one per zone, "rootzone-publisher-&lt;zone&gt;". */
    public static final String PUBLISHER_TRANSACTIONAL_ID_PREFIX = "rootzone-publisher";
    /** The coordination service's transactional ids start with this (all instances share "rootzone-coordination"). */
    public static final String COORDINATION_TRANSACTIONAL_ID = "rootzone-coordination";
    /** Kafka's one cluster resource name. */
    public static final String CLUSTER = "kafka-cluster";
    /** Every topic of the contract starts with this. */
    public static final String TOPIC_PREFIX = "rootzone.";

    /** One ACL line: these operations on this resource (name taken literally or as a prefix). */
    public record Grant(ResourceType resource, String name, PatternType pattern, Set<AclOperation> operations) {
        public Grant {
            operations = Set.copyOf(operations);
        }
    }

    /** The transactional id of the serving node with this id. */
    public static String nodeTransactionalId(String nodeId) {
        return "rootzone-node-" + Role.node(nodeId).name();
    }

    /** What {@code role} may do, in a stable order (table order). */
    public static List<Grant> grants(Role role) {
        List<Grant> g = new ArrayList<>();
        switch (role.kind()) {
            case ADMIN -> {
                // Creates the contract's topics and the role users and their ACLs (Alter on the
                // cluster); AlterConfigs for client quotas. Writes and reads no events.
                g.add(new Grant(ResourceType.CLUSTER, CLUSTER, PatternType.LITERAL,
                        Set.of(CREATE, ALTER, ALTER_CONFIGS, DESCRIBE, DESCRIBE_CONFIGS)));
                g.add(new Grant(ResourceType.TOPIC, TOPIC_PREFIX, PatternType.PREFIXED, Set.of(DESCRIBE, DESCRIBE_CONFIGS)));
            }
            case PUBLISHER -> {
                g.add(topic(Topics.VERSIONS, READ, WRITE));
                g.add(topic(Topics.SNAPSHOTS, READ, WRITE));
                g.add(topic(Topics.REJECTIONS, READ, WRITE));
                // The zone logs' checkpoints: the publisher is their log operator.
                g.add(topic(Topics.LOG_CHECKPOINTS, READ, WRITE));
                // The operator directory: who may publish which zone (docs/security.md, "Publication requests").
                g.add(topic(Topics.COORDINATION, READ));
                g.add(new Grant(ResourceType.TRANSACTIONAL_ID, PUBLISHER_TRANSACTIONAL_ID_PREFIX, PatternType.PREFIXED, Set.of(WRITE)));
            }
            case NODE -> {
                g.add(topic(Topics.VERSIONS, READ));
                g.add(topic(Topics.SNAPSHOTS, READ));
                g.add(topic(Topics.REJECTIONS, READ, WRITE));
                g.add(topic(Topics.NODE_STATUS, READ, WRITE));
                // A node is a witness: it cosigns the zone log's checkpoints it has checked.
                g.add(topic(Topics.LOG_CHECKPOINTS, READ));
                g.add(new Grant(ResourceType.TRANSACTIONAL_ID, nodeTransactionalId(role.name()), PatternType.LITERAL, Set.of(WRITE)));
            }
            case AUDITOR -> Topics.ALL.forEach(t -> g.add(topic(t.name(), READ)));
            case COORDINATION -> {
                g.add(topic(Topics.COORDINATION, READ, WRITE));
                // The coordination log's checkpoints: the coordination service is its log operator.
                g.add(topic(Topics.COORDINATION_LOG_CHECKPOINTS, READ, WRITE));
                g.add(new Grant(ResourceType.TRANSACTIONAL_ID, COORDINATION_TRANSACTIONAL_ID, PatternType.PREFIXED, Set.of(WRITE)));
            }
        }
        return List.copyOf(g);
    }

    /** The contract topics {@code role} uses, in table order. */
    public static List<String> topics(Role role) {
        return grants(role).stream()
                .filter(g -> g.resource() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL)
                .map(Grant::name).toList();
    }

    /** The grants as Kafka ACL bindings for the role's principal, from any host. */
    public static List<AclBinding> bindings(Role role) {
        List<AclBinding> b = new ArrayList<>();
        for (Grant g : grants(role)) {
            ResourcePattern pattern = new ResourcePattern(g.resource(), g.name(), g.pattern());
            g.operations().stream().sorted().forEach(op ->
                    b.add(new AclBinding(pattern, new AccessControlEntry(role.principal(), "*", op, AclPermissionType.ALLOW))));
        }
        return List.copyOf(b);
    }

    private static Grant topic(String name, AclOperation... operations) {
        Set<AclOperation> ops = new java.util.HashSet<>(Set.of(operations));
        ops.add(DESCRIBE_CONFIGS);
        return new Grant(ResourceType.TOPIC, name, PatternType.LITERAL, ops);
    }

    private RoleAcls() {}
}
