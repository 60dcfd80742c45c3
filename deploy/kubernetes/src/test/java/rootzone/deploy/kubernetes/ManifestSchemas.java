package rootzone.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The schemas a Kubernetes API server checks a manifest against, offline: Strimzi's CRDs (the
 * openAPIV3Schema of each served version, from the io.strimzi:api tests jar, as the Strimzi release
 * installs them) and Kubernetes' own types (the JSON schema the fabric8 kubernetes-model jars carry,
 * generated from the Kubernetes API).
 *
 * <p>Both are made strict as {@code kubectl apply --validate=strict} is: a field the schema does not
 * declare is an error (an API server would drop it silently, and a typo'd {@code replcas} would
 * leave a default in force), except where the schema preserves unknown fields.
 */
final class ManifestSchemas {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final String STRIMZI_GROUP = "kafka.strimzi.io";
    private static final List<String> STRIMZI_CRDS = List.of(
            "040-Crd-kafka.yaml", "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
    private static final String KUBERNETES_SCHEMA = "schema/validation-schema.json";

    /** (apiVersion, kind) -> schema. */
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    ManifestSchemas() {
        loadStrimzi();
        loadKubernetes();
    }

    /** The errors of one resource; empty when it is valid. */
    List<String> validate(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        String kind = resource.path("kind").asText();
        JsonSchema schema = schemas.get(apiVersion + " " + kind);
        if (schema == null) {
            return List.of("no schema for apiVersion " + apiVersion + " kind " + kind + " (not a Kubernetes core/apps type nor a served Strimzi version)");
        }
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(resource)) {
            errors.add(m.getMessage());
        }
        return errors;
    }

    boolean knows(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + " " + kind);
    }

    private void loadStrimzi() {
        for (String file : STRIMZI_CRDS) {
            JsonNode crd = read("crds/v1beta2/" + file, true);
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                JsonNode openApi = version.path("schema").path("openAPIV3Schema").deepCopy();
                ObjectNode schema = (ObjectNode) strictOpenApi(openApi);
                schema.put("$schema", "http://json-schema.org/draft-07/schema#");
                String apiVersion = STRIMZI_GROUP + "/" + version.path("name").asText();
                pinTypeMeta(schema, apiVersion, kind);
                schemas.put(apiVersion + " " + kind, FACTORY.getSchema(schema));
            }
        }
    }

    private void loadKubernetes() {
        ObjectNode root = (ObjectNode) read(KUBERNETES_SCHEMA, false);
        ObjectNode definitions = (ObjectNode) root.get("definitions");
        root.remove(List.of("id", "$module", "resources", "properties"));
        definitions.set("kubernetes_apimachinery_pkg_util_intstr_IntOrString", typeOf("integer", "string"));
        definitions.set("k8s_io_apimachinery_pkg_api_resource_Quantity", typeOf("string", "number"));
        List<String[]> resources = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> d = it.next();
            JsonNode props = d.getValue().path("properties");
            if (props.path("kind").has("default") && props.path("apiVersion").has("default") && props.has("metadata")) {
                resources.add(new String[] {d.getKey(), props.path("apiVersion").path("default").asText(), props.path("kind").path("default").asText()});
            }
            strictFabric8(d.getValue());
        }
        for (String[] r : resources) {
            ObjectNode schema = F.objectNode();
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
            schema.set("definitions", definitions);
            ObjectNode pinned = F.objectNode();
            pinned.put("$ref", "#/definitions/" + r[0]);
            ObjectNode typeMeta = F.objectNode();
            pinTypeMeta(typeMeta, r[1], r[2]);
            schema.set("allOf", F.arrayNode().add(pinned).add(typeMeta));
            schemas.put(r[1] + " " + r[2], FACTORY.getSchema(schema));
        }
    }

    /** apiVersion and kind are required and exactly the served ones. */
    private static void pinTypeMeta(ObjectNode schema, String apiVersion, String kind) {
        ObjectNode props = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
        props.putObject("apiVersion").put("const", apiVersion);
        props.putObject("kind").put("const", kind);
        ArrayNode required = schema.has("required") ? (ArrayNode) schema.get("required") : schema.putArray("required");
        required.add("apiVersion").add("kind").add("metadata");
    }

    /** An OpenAPI v3 structural schema as a closed JSON schema (Kubernetes' pruning made an error). */
    private static JsonNode strictOpenApi(JsonNode node) {
        if (node.isArray()) {
            node.forEach(ManifestSchemas::strictOpenApi);
            return node;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode o = (ObjectNode) node;
        if (o.path("x-kubernetes-int-or-string").asBoolean()) {
            o.remove("type");
            o.set("type", F.arrayNode().add("integer").add("string"));
        }
        boolean preserve = o.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        if ("object".equals(o.path("type").asText()) && o.has("properties") && !o.has("additionalProperties") && !preserve) {
            o.put("additionalProperties", false);
        }
        if (o.path("nullable").asBoolean() && o.get("type") != null && o.get("type").isTextual()) {
            o.set("type", F.arrayNode().add(o.get("type").asText()).add("null"));
        }
        List<String> drop = new ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("x-kubernetes-") || k.equals("nullable") || k.equals("description")) {
                drop.add(k);
            }
        });
        o.remove(drop);
        subschemas(o).forEach(ManifestSchemas::strictOpenApi);
        return o;
    }

    /** fabric8's generated schemas are open (additionalProperties true) and mark required per property. */
    private static void strictFabric8(JsonNode node) {
        if (node.isArray()) {
            node.forEach(ManifestSchemas::strictFabric8);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode o = (ObjectNode) node;
        if (o.has("properties") && o.get("properties").isObject()) {
            o.put("additionalProperties", false);
            ArrayNode required = F.arrayNode();
            o.get("properties").fields().forEachRemaining(e -> {
                if (e.getValue().isObject() && e.getValue().path("required").isBoolean()) {
                    if (e.getValue().path("required").asBoolean() && !e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
                        required.add(e.getKey());
                    }
                    ((ObjectNode) e.getValue()).remove("required");
                }
            });
            if (!required.isEmpty()) {
                o.set("required", required);
            }
        }
        List<String> drop = new ArrayList<>();
        o.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("java") || k.equals("existingJavaType")) {
                drop.add(k);
            }
        });
        o.remove(drop);
        subschemas(o).forEach(ManifestSchemas::strictFabric8);
    }

    /** The schemas inside a schema (not the keys of "properties", which are field names). */
    private static List<JsonNode> subschemas(ObjectNode schema) {
        List<JsonNode> out = new ArrayList<>();
        if (schema.path("properties").isObject()) {
            schema.get("properties").forEach(out::add);
        }
        for (String k : List.of("items", "additionalProperties", "not")) {
            if (schema.path(k).isObject() || schema.path(k).isArray()) {
                out.add(schema.get(k));
            }
        }
        for (String k : List.of("allOf", "anyOf", "oneOf")) {
            schema.path(k).forEach(out::add);
        }
        return out;
    }

    private static ObjectNode typeOf(String... types) {
        ObjectNode n = F.objectNode();
        ArrayNode a = n.putArray("type");
        for (String t : types) {
            a.add(t);
        }
        return n;
    }

    private static JsonNode read(String resource, boolean yaml) {
        try (InputStream in = ManifestSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path (io.strimzi:api:tests, io.fabric8:kubernetes-model-apps)");
            }
            return yaml ? Manifests.YAML.readTree(in) : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
