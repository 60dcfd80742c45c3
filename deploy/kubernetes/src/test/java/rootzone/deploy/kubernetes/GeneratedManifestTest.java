package rootzone.deploy.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What quarkus-kubernetes generates from the coordination service's configuration at build time
 * (services/coordination/target/kubernetes/kubernetes.yml) is valid, and the committed Deployment
 * agrees with it on what Quarkus knows: the HTTP port, the health probes and the Prometheus scraping.
 * The committed file adds what Quarkus cannot (the Strimzi credentials, keys and volumes).
 */
class GeneratedManifestTest {

    private static final Path GENERATED = Manifests.DIR.resolve("../../services/coordination/target/kubernetes/kubernetes.yml").normalize();

    @Test
    void theGeneratedManifestsMatchTheirSchemas() {
        ManifestSchemas schemas = new ManifestSchemas();
        List<String> errors = new ArrayList<>();
        for (Manifests.Resource r : generated()) {
            schemas.validate(r.node()).forEach(e -> errors.add(r + ": " + e));
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void theCommittedDeploymentAgreesWithTheGeneratedOne() {
        Manifests.Resource generated = generated().stream().filter(r -> r.kind().equals("Deployment")).findFirst().orElseThrow();
        Manifests.Resource committed = Manifests.ofKind("Deployment").stream().filter(r -> r.name().equals("coordination")).findFirst().orElseThrow();
        assertEquals(generated.name(), committed.name());
        assertEquals(whatQuarkusKnows(generated.node()), whatQuarkusKnows(committed.node()));
    }

    /** Port, probes and scraping of the pod's first container, named ports resolved to numbers. */
    private static Map<String, String> whatQuarkusKnows(JsonNode deployment) {
        JsonNode pod = deployment.at("/spec/template");
        JsonNode c = pod.at("/spec/containers/0");
        Map<String, Integer> named = new TreeMap<>();
        c.path("ports").forEach(p -> named.put(p.path("name").asText(), p.path("containerPort").asInt()));
        Map<String, String> k = new TreeMap<>();
        k.put("port http", String.valueOf(named.get("http")));
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            JsonNode get = c.path(probe).path("httpGet");
            JsonNode port = get.path("port");
            k.put(probe, get.path("path").asText() + " " + (port.isInt() ? port.asInt() : named.get(port.asText())));
        }
        pod.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("prometheus.io/") && !e.getKey().equals("prometheus.io/scheme")) {
                k.put(e.getKey(), e.getValue().asText());
            }
        });
        k.put("app.kubernetes.io/name", pod.at("/metadata/labels/app.kubernetes.io~1name").asText());
        k.put("app.kubernetes.io/part-of", pod.at("/metadata/labels/app.kubernetes.io~1part-of").asText());
        return k;
    }

    private static List<Manifests.Resource> generated() {
        assertTrue(Files.isRegularFile(GENERATED), GENERATED + " is missing: build services/coordination (quarkus-kubernetes writes it at package)");
        return Manifests.read(GENERATED);
    }
}
