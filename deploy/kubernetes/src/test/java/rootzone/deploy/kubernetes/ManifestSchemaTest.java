package rootzone.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of deploy/kubernetes is what a Kubernetes API server with the Strimzi CRDs accepts
 * under strict field validation, checked offline against the same schemas; and a manifest with a
 * typo'd field, a wrong type or a value outside an enumeration is refused.
 */
class ManifestSchemaTest {

    private static final ManifestSchemas SCHEMAS = new ManifestSchemas();

    @Test
    void everyManifestMatchesItsSchema() {
        List<Manifests.Resource> all = Manifests.all();
        List<String> errors = new ArrayList<>();
        for (Manifests.Resource r : all) {
            SCHEMAS.validate(r.node()).forEach(e -> errors.add(r + ": " + e));
        }
        assertEquals(List.of(), errors);
        Set<String> kinds = all.stream().map(Manifests.Resource::kind).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "StatefulSet", "Deployment", "Service")), kinds.toString());
        assertTrue(Manifests.files().size() >= 4, Manifests.files().toString());
    }

    @Test
    void aTypoInAKubernetesFieldIsRefused() {
        ObjectNode nodes = copyOf("StatefulSet", "node");
        ObjectNode spec = (ObjectNode) nodes.get("spec");
        spec.set("replcias", spec.remove("replicas"));
        assertRefused(nodes, "replcias");

        ObjectNode probe = copyOf("StatefulSet", "node");
        ObjectNode container = (ObjectNode) probe.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertRefused(probe, "readinesProbe");
    }

    @Test
    void aWrongTypeIsRefused() {
        ObjectNode dns = copyOf("Service", "dns");
        ((ObjectNode) dns.at("/spec/ports/0")).put("port", "fifty-three");
        assertRefused(dns, "port");
    }

    @Test
    void aTypoInAStrimziResourceIsRefused() {
        ObjectNode topic = copyOf("KafkaTopic", "rootzone.zone.versions");
        ObjectNode spec = (ObjectNode) topic.get("spec");
        spec.set("partitons", spec.remove("partitions"));
        assertRefused(topic, "partitons");

        ObjectNode kafka = copyOf("Kafka", "rootzone");
        ((ObjectNode) kafka.at("/spec/kafka/listeners/0/authentication")).put("type", "scram-sha-521");
        assertRefused(kafka, "type");

        ObjectNode pool = copyOf("KafkaNodePool", "combined");
        ((ObjectNode) pool.get("spec")).putArray("roles").add("broker").add("controler");
        assertRefused(pool, "roles");
    }

    @Test
    void aTypoInAManifestFileIsRefused() {
        String yaml = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaUser
                metadata:
                  name: auditor
                spec:
                  authentication:
                    type: scram-sha-512
                  authorisation:
                    type: simple
                """;
        JsonNode user = Manifests.parse(Manifests.DIR.resolve("typo.yaml"), yaml).get(0).node();
        assertRefused(user, "authorisation");
    }

    @Test
    void anUnknownKindOrVersionIsRefused() {
        ObjectNode topic = copyOf("KafkaTopic", "rootzone.zone.versions");
        topic.put("apiVersion", "kafka.strimzi.io/v2");
        assertFalse(SCHEMAS.validate(topic).isEmpty());
        ObjectNode sts = copyOf("StatefulSet", "node");
        sts.put("apiVersion", "apps/v1beta1");
        assertFalse(SCHEMAS.validate(sts).isEmpty());
    }

    /** Strimzi 0.49 also serves v1, which removes what v1beta2 deprecated: the manifests need no change but the apiVersion. */
    @Test
    void theStrimziResourcesAlsoMatchStrimziV1() {
        List<String> errors = new ArrayList<>();
        for (Manifests.Resource r : Manifests.all()) {
            if (r.node().path("apiVersion").asText().equals("kafka.strimzi.io/v1beta2")) {
                ObjectNode v1 = r.node().deepCopy();
                v1.put("apiVersion", "kafka.strimzi.io/v1");
                SCHEMAS.validate(v1).forEach(e -> errors.add(r + " as v1: " + e));
            }
        }
        assertEquals(List.of(), errors);
    }

    private static ObjectNode copyOf(String kind, String name) {
        return Manifests.ofKind(kind).stream().filter(r -> r.name().equals(name)).findFirst()
                .map(r -> (ObjectNode) r.node().deepCopy())
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + Manifests.DIR));
    }

    private static void assertRefused(JsonNode resource, String mentioned) {
        List<String> errors = SCHEMAS.validate(resource);
        assertFalse(errors.isEmpty(), "accepted: " + resource);
        assertTrue(errors.stream().anyMatch(e -> e.contains(mentioned)), errors.toString());
    }
}
