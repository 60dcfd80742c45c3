package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import rootzone.events.Topics;

/** Properties of the role table that the threat model depends on (docs/security.md). */
class RoleAclsTest {

    private static final List<Role> ALL = List.of(Role.ADMIN, Role.PUBLISHER, Role.node("node-1"), Role.AUDITOR, Role.COORDINATION);

    private static boolean may(Role role, AclOperation op, String topic) {
        return RoleAcls.grants(role).stream().anyMatch(g -> g.resource() == ResourceType.TOPIC && g.operations().contains(op)
                && (g.pattern() == PatternType.LITERAL ? g.name().equals(topic) : topic.startsWith(g.name())));
    }

    @Test
    void onlyThePublisherWritesTheZoneTopics() {
        for (Role role : ALL) {
            for (String topic : List.of(Topics.VERSIONS, Topics.SNAPSHOTS)) {
                assertEquals(role.equals(Role.PUBLISHER), may(role, AclOperation.WRITE, topic), role + " " + topic);
            }
        }
    }

    @Test
    void theAuditorOnlyReadsAndReadsEveryTopic() {
        for (RoleAcls.Grant g : RoleAcls.grants(Role.AUDITOR)) {
            assertEquals(ResourceType.TOPIC, g.resource());
            assertEquals(Set.of(AclOperation.READ, AclOperation.DESCRIBE_CONFIGS), g.operations());
        }
        assertEquals(Topics.ALL.stream().map(Topics.TopicSpec::name).toList(), RoleAcls.topics(Role.AUDITOR));
    }

    @Test
    void aNodeWritesStatusAndRejectionsUnderItsOwnTransactionalIdOnly() {
        Role node = Role.node("node-7");
        assertEquals(Set.of(Topics.NODE_STATUS, Topics.REJECTIONS), Set.copyOf(RoleAcls.topics(node).stream()
                .filter(t -> may(node, AclOperation.WRITE, t)).toList()));
        List<RoleAcls.Grant> tx = RoleAcls.grants(node).stream().filter(g -> g.resource() == ResourceType.TRANSACTIONAL_ID).toList();
        assertEquals(List.of(new RoleAcls.Grant(ResourceType.TRANSACTIONAL_ID, "rootzone-node-node-7", PatternType.LITERAL,
                Set.of(AclOperation.WRITE))), tx);
        assertFalse(RoleAcls.grants(node).stream().anyMatch(g -> g.resource() == ResourceType.CLUSTER));
    }

    @Test
    void noServiceRoleTouchesTheClusterOrConsumerGroups() {
        for (Role role : List.of(Role.PUBLISHER, Role.node("n"), Role.AUDITOR, Role.COORDINATION)) {
            for (RoleAcls.Grant g : RoleAcls.grants(role)) {
                assertTrue(g.resource() == ResourceType.TOPIC || g.resource() == ResourceType.TRANSACTIONAL_ID, role + ": " + g);
                assertFalse(g.operations().contains(AclOperation.ALL) || g.operations().contains(AclOperation.ALTER)
                        || g.operations().contains(AclOperation.DELETE) || g.operations().contains(AclOperation.CREATE), role + ": " + g);
            }
        }
        assertTrue(RoleAcls.grants(Role.ADMIN).stream().noneMatch(g -> g.operations().contains(AclOperation.WRITE)
                || g.operations().contains(AclOperation.READ)), "the admin neither writes nor reads events");
    }

    @Test
    void everyTopicNamedIsAContractTopicAndBindingsCoverEveryOperation() {
        for (Role role : ALL) {
            for (String topic : RoleAcls.topics(role)) {
                assertTrue(Topics.ALL.stream().anyMatch(t -> t.name().equals(topic)), topic);
            }
            int ops = RoleAcls.grants(role).stream().mapToInt(g -> g.operations().size()).sum();
            assertEquals(ops, RoleAcls.bindings(role).size());
            assertTrue(RoleAcls.bindings(role).stream().allMatch(b -> b.entry().principal().equals("User:" + role.name())));
        }
    }

    @Test
    void nodeIdsAreSafeUserNamesAndCannotTakeAnotherRole() {
        assertEquals(Role.PUBLISHER, Role.named("publisher"));
        assertEquals(Role.node("node-2"), Role.named("node-2"));
        for (String bad : List.of("publisher", "admin", "Node-1", "node 1", "node_1", "", "-x", "a\"b", "x".repeat(64))) {
            assertThrows(IllegalArgumentException.class, () -> Role.node(bad), bad);
        }
    }
}
