package rootzone.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import rootzone.events.Topics;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.kafka.access.RoleTable;
import rootzone.kafka.access.TopicTable;

/**
 * The manifests say what the code says: the KafkaTopics are Topics on the cluster's broker count, the
 * KafkaUsers are the roles with RoleAcls' grants, every service runs as its own user, and every pod is
 * probed through Quarkus health and scraped by Prometheus.
 */
class ManifestAgreementTest {

    private static final String CLUSTER = "rootzone";

    @Test
    void theClusterIsThreeKraftNodesWithScramAndAcls() {
        JsonNode kafka = only("Kafka").node();
        assertEquals(CLUSTER, only("Kafka").name());
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText());
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText());
        assertEquals("simple", kafka.at("/spec/kafka/authorization/type").asText());
        JsonNode listener = kafka.at("/spec/kafka/listeners/0");
        assertEquals("scram-sha-512", listener.at("/authentication/type").asText());
        assertTrue(listener.path("tls").asBoolean(), "the services connect with SASL_SSL");
        assertEquals(TopicTable.KUBERNETES_BROKERS, brokers());
        assertEquals(Topics.durability(Topics.replicationFactor(brokers())).get("min.insync.replicas"),
                kafka.at("/spec/kafka/config/min.insync.replicas").asText());
        assertTrue(Manifests.ofKind("KafkaNodePool").stream()
                .allMatch(p -> CLUSTER.equals(p.node().at("/metadata/labels/strimzi.io~1cluster").asText())));
    }

    @Test
    void theTopicsAreTopics() {
        Map<String, String> expected = new TreeMap<>();
        for (Topics.TopicSpec spec : Topics.ALL) {
            expected.put(spec.name(), spec.partitions() + " x" + Topics.replicationFactor(brokers()) + " " + new TreeMap<>(Topics.config(spec, brokers())));
        }
        Map<String, String> actual = new TreeMap<>();
        for (Manifests.Resource t : Manifests.ofKind("KafkaTopic")) {
            JsonNode spec = t.node().path("spec");
            Map<String, String> config = new TreeMap<>();
            spec.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            actual.put(spec.path("topicName").asText(t.name()), spec.path("partitions").asInt() + " x" + spec.path("replicas").asInt() + " " + config);
            assertEquals(CLUSTER, t.node().at("/metadata/labels/strimzi.io~1cluster").asText(), t.toString());
        }
        assertEquals(expected, actual);
    }

    @Test
    void theUsersAreTheRolesWithTheirAcls() {
        Map<String, Set<String>> expected = new TreeMap<>();
        List<Role> roles = new ArrayList<>(Role.FIXED);
        RoleTable.EXAMPLE_NODES.forEach(id -> roles.add(Role.node(id)));
        for (Role role : roles) {
            expected.put(role.name(), RoleAcls.grants(role).stream()
                    .map(g -> acl(g.resource().name(), g.name(), g.pattern() == PatternType.PREFIXED ? "prefix" : "literal",
                            g.operations().stream().map(Enum::name).toList()))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        Map<String, Set<String>> actual = new TreeMap<>();
        for (Manifests.Resource u : Manifests.ofKind("KafkaUser")) {
            assertEquals("scram-sha-512", u.node().at("/spec/authentication/type").asText(), u.toString());
            assertEquals(CLUSTER, u.node().at("/metadata/labels/strimzi.io~1cluster").asText(), u.toString());
            Set<String> acls = new TreeSet<>();
            for (JsonNode a : u.node().at("/spec/authorization/acls")) {
                String type = a.at("/resource/type").asText();
                acls.add(acl(type, type.equals("cluster") ? RoleAcls.CLUSTER : a.at("/resource/name").asText(),
                        type.equals("cluster") ? "literal" : a.at("/resource/patternType").asText(),
                        StreamSupport.stream(a.path("operations").spliterator(), false).map(JsonNode::asText).toList()));
            }
            actual.put(u.name(), acls);
        }
        assertEquals(expected, actual);
    }

    @Test
    void everyServiceRunsAsItsOwnKafkaUser() {
        Set<String> users = Manifests.ofKind("KafkaUser").stream().map(Manifests.Resource::name).collect(Collectors.toSet());
        Map<String, String> expected = Map.of("publisher", Role.PUBLISHER.name(), "auditor", Role.AUDITOR.name(),
                "coordination", Role.COORDINATION.name());
        for (Manifests.Resource d : Manifests.ofKind("Deployment")) {
            assertEquals(expected.get(d.name()), kafkaUserEnv(d).path("value").asText(), d.toString());
            assertEquals(Set.of(d.name()), mountedUserSecrets(d), d.toString());
        }
        assertEquals(expected.keySet(), Manifests.ofKind("Deployment").stream().map(Manifests.Resource::name).collect(Collectors.toSet()));

        Manifests.Resource nodes = only("StatefulSet");
        JsonNode spec = nodes.node().path("spec");
        // The pod name is the node id and its Kafka user: node-<start> .. node-<start + replicas - 1>.
        assertEquals("metadata.name", kafkaUserEnv(nodes).at("/valueFrom/fieldRef/fieldPath").asText());
        Set<String> podNames = new TreeSet<>();
        for (int i = 0; i < spec.path("replicas").asInt(); i++) {
            podNames.add(nodes.name() + "-" + (spec.at("/ordinals/start").asInt(0) + i));
        }
        assertEquals(new TreeSet<>(RoleTable.EXAMPLE_NODES), podNames);
        assertEquals(podNames, mountedUserSecrets(nodes));
        assertTrue(users.containsAll(podNames) && users.containsAll(expected.values()), users.toString());
        assertTrue(spec.path("volumeClaimTemplates").size() == 1, "the local snapshot's volume");
    }

    @Test
    void theNodesAnswerDnsOnUdpAndTcp() {
        JsonNode dns = Manifests.ofKind("Service").stream().filter(s -> s.name().equals("dns")).findFirst().orElseThrow().node();
        Set<String> ports = new TreeSet<>();
        dns.at("/spec/ports").forEach(p -> ports.add(p.path("protocol").asText() + "/" + p.path("port").asInt()));
        assertEquals(Set.of("TCP/53", "UDP/53"), ports);
        assertEquals(only("StatefulSet").node().at("/spec/selector/matchLabels"), dns.at("/spec/selector"));
    }

    @Test
    void everyPodIsProbedAndScraped() {
        List<Manifests.Resource> workloads = new ArrayList<>(Manifests.ofKind("Deployment"));
        workloads.addAll(Manifests.ofKind("StatefulSet"));
        assertEquals(4, workloads.size());
        for (Manifests.Resource w : workloads) {
            JsonNode pod = w.node().at("/spec/template");
            assertEquals("true", pod.at("/metadata/annotations/prometheus.io~1scrape").asText(), w.toString());
            assertEquals("/q/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asText(), w.toString());
            JsonNode c = pod.at("/spec/containers/0");
            assertEquals("/q/health/ready", c.at("/readinessProbe/httpGet/path").asText(), w.toString());
            assertEquals("/q/health/live", c.at("/livenessProbe/httpGet/path").asText(), w.toString());
            assertEquals("/etc/rootzone/kafka/client.properties", env(c, "ROOTZONE_KAFKA_CONFIG").path("value").asText(), w.toString());
        }
    }

    /**
     * The nodes witness the root zone's log with a witness key kept on their volume, and the auditor
     * checks the logs and the cosignatures, all with keys from the ConfigMaps that collect-keys.sh
     * writes (the same names and keys here, in the script and in the services' key directories).
     */
    @Test
    void theNodesWitnessAndTheAuditorChecksThemWithCollectedKeys() throws java.io.IOException {
        Manifests.Resource nodes = only("StatefulSet");
        JsonNode node = nodes.node().at("/spec/template/spec/containers/0");
        JsonNode logKey = env(node, "ROOTZONE_NODE_LOG_KEY").at("/valueFrom/configMapKeyRef");
        assertEquals("rootzone-log-keys root", logKey.path("name").asText() + " " + logKey.path("key").asText());
        assertTrue(!logKey.path("optional").asBoolean(), "a node does not run without checking the log");
        // The witness key (<data-dir>/keys/witness.key) is made at first start on the volume, so it survives the pod.
        String claim = nodes.node().at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        String dataDir = env(node, "ROOTZONE_NODE_DATA_DIR").path("value").asText();
        assertTrue(StreamSupport.stream(node.path("volumeMounts").spliterator(), false)
                .anyMatch(m -> m.path("name").asText().equals(claim) && dataDir.startsWith(m.path("mountPath").asText())), dataDir);

        JsonNode auditor = deployment("auditor").at("/spec/template/spec/containers/0");
        List<String> logKeys = new ArrayList<>();
        for (String ref : env(auditor, "ROOTZONE_AUDITOR_LOG_KEYS").path("value").asText().split(",")) {
            assertTrue(ref.startsWith("$(") && ref.endsWith(")"), ref);
            JsonNode k = env(auditor, ref.substring(2, ref.length() - 1)).at("/valueFrom/configMapKeyRef");
            logKeys.add(k.path("name").asText() + " " + k.path("key").asText());
        }
        assertEquals(List.of("rootzone-log-keys root", "rootzone-log-keys coordination"), logKeys);
        JsonNode witnesses = env(auditor, "ROOTZONE_AUDITOR_WITNESS_KEYS").at("/valueFrom/configMapKeyRef");
        assertEquals("rootzone-witnesses witness-keys", witnesses.path("name").asText() + " " + witnesses.path("key").asText());
        assertTrue(witnesses.path("optional").asBoolean(), "the auditor starts before the nodes have made their keys");

        String script = java.nio.file.Files.readString(Manifests.DIR.resolve("collect-keys.sh"));
        for (String s : List.of("rootzone-log-keys --from-literal=root=", "--from-literal=coordination=", "rootzone-witnesses --from-literal=witness-keys=",
                env(deployment("publisher").at("/spec/template/spec/containers/0"), "ROOTZONE_PUBLISHER_LOG_KEY_DIR").path("value").asText() + "/log-root.vkey",
                env(deployment("coordination").at("/spec/template/spec/containers/0"), "ROOTZONE_COORDINATION_LOG_KEY_DIR").path("value").asText() + "/log-coordination.vkey",
                "app.kubernetes.io/name=" + nodes.node().at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())) {
            assertTrue(script.contains(s), "collect-keys.sh: " + s);
        }
    }

    private static JsonNode deployment(String name) {
        return Manifests.ofKind("Deployment").stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().node();
    }

    private static int brokers() {
        return Manifests.ofKind("KafkaNodePool").stream()
                .filter(p -> StreamSupport.stream(p.node().at("/spec/roles").spliterator(), false).anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(p -> p.node().at("/spec/replicas").asInt()).sum();
    }

    /** Resource type, name, pattern and operations, spelt alike whether from Kafka's enums or Strimzi's camel case. */
    private static String acl(String type, String name, String pattern, List<String> operations) {
        return norm(type) + " " + name + " " + pattern + " " + operations.stream().map(ManifestAgreementTest::norm).sorted().toList();
    }

    private static String norm(String s) {
        return s.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static JsonNode kafkaUserEnv(Manifests.Resource workload) {
        return env(workload.node().at("/spec/template/spec/initContainers/0"), "KAFKA_USER");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " in " + container.path("name").asText());
    }

    private static Set<String> mountedUserSecrets(Manifests.Resource workload) {
        Set<String> names = new TreeSet<>();
        for (JsonNode v : workload.node().at("/spec/template/spec/volumes")) {
            if (v.path("name").asText().equals("kafka-users")) {
                v.at("/projected/sources").forEach(s -> names.add(s.at("/secret/name").asText()));
            }
        }
        return names;
    }

    private static Manifests.Resource only(String kind) {
        List<Manifests.Resource> r = Manifests.ofKind(kind);
        assertEquals(1, r.size(), kind + ": " + r);
        return r.get(0);
    }
}
