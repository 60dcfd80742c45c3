package rootzone.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Every schema change must stay backward and forward compatible with every released version kept in
 * schemas/released/: old consumers read new events, new consumers read the whole old history.
 */
class SchemaCompatibilityTest {

    private static final Path SCHEMAS = Path.of(System.getProperty("schemas.dir", "."));

    static Map<String, Schema> parseAll(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = new ArrayList<>(list.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
        }
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new TreeMap<>();
        // Named types referenced by others must be parsed first; retry until every file parses.
        List<Path> pending = files;
        while (!pending.isEmpty()) {
            List<Path> failed = new ArrayList<>();
            for (Path file : pending) {
                try {
                    Schema s = new Schema.Parser().addTypes(parser.getTypes().values()).parse(file.toFile());
                    parser.addTypes(List.of(s));
                    byName.put(s.getFullName(), s);
                } catch (org.apache.avro.SchemaParseException e) {
                    failed.add(file);
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException("unresolvable schemas in " + dir + ": " + failed);
            }
            pending = failed;
        }
        return byName;
    }

    @Test
    void currentSchemasAreCompatibleWithEveryReleasedVersion() throws IOException {
        Map<String, Schema> current = parseAll(SCHEMAS.resolve("src/main/avro"));
        List<Path> releases;
        try (Stream<Path> list = Files.list(SCHEMAS.resolve("released"))) {
            releases = list.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(releases.isEmpty(), "schemas/released/ holds no released version");
        // The codec decodes values written under each released set: it must know every one of them.
        assertEquals(EventCodec.RELEASES, releases.stream().map(p -> p.getFileName().toString()).toList(),
                "schemas/released/ and EventCodec.RELEASES");
        List<String> problems = new ArrayList<>();
        for (Path release : releases) {
            for (Map.Entry<String, Schema> old : parseAll(release).entrySet()) {
                Schema now = current.get(old.getKey());
                if (now == null) {
                    problems.add(release.getFileName() + ": " + old.getKey() + " was removed");
                    continue;
                }
                check(problems, release + " backward " + old.getKey(), now, old.getValue());
                check(problems, release + " forward " + old.getKey(), old.getValue(), now);
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theLatestReleaseIsTheCurrentContract() throws IOException {
        // The newest released set is the one in use (v5: ZoneVersionCommitted.contentRoot); a further change is v6.
        Map<String, Schema> current = parseAll(SCHEMAS.resolve("src/main/avro"));
        Map<String, Schema> latest = parseAll(SCHEMAS.resolve("released").resolve(EventCodec.RELEASES.get(EventCodec.RELEASES.size() - 1)));
        assertEquals(current.keySet(), latest.keySet());
        current.forEach((name, schema) -> assertEquals(org.apache.avro.SchemaNormalization.toParsingForm(schema),
                org.apache.avro.SchemaNormalization.toParsingForm(latest.get(name)), name));
        assertTrue(parseAll(SCHEMAS.resolve("released/v1")).get("rootzone.events.NoticeEvent").getField("issuedAt") == null);
        assertTrue(current.get("rootzone.events.NoticeEvent").getField("issuedAt") != null);
        assertTrue(current.get("rootzone.events.OperatorChanged").getField("issuedAt") != null);
        // v5: the signed content root, optional so that v4 readers skip it and v4 commits read as without one.
        assertTrue(parseAll(SCHEMAS.resolve("released/v4")).get("rootzone.events.ZoneVersionCommitted").getField("contentRoot") == null);
        Schema.Field contentRoot = current.get("rootzone.events.ZoneVersionCommitted").getField("contentRoot");
        assertTrue(contentRoot != null && contentRoot.hasDefaultValue(), "ZoneVersionCommitted.contentRoot with a default");
    }

    @Test
    void generatedClassesMatchTheSchemaFiles() throws IOException {
        Map<String, Schema> current = parseAll(SCHEMAS.resolve("src/main/avro"));
        for (var type : EventCodec.EVENT_TYPES) {
            Schema generated = EventCodec.schemaOf(type);
            // Parsing canonical form: the generator adds Java-only properties (avro.java.string).
            assertEquals(org.apache.avro.SchemaNormalization.toParsingForm(current.get(generated.getFullName())),
                    org.apache.avro.SchemaNormalization.toParsingForm(generated), type.getSimpleName());
        }
    }

    @Test
    void anIncompatibleChangeIsCaught() {
        Schema v1 = SchemaBuilderHelper.record("{\"name\":\"a\",\"type\":\"string\"}");
        Schema v2 = SchemaBuilderHelper.record("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\"}");
        List<String> problems = new ArrayList<>();
        check(problems, "added field without default", v2, v1);
        assertEquals(1, problems.size());
    }

    private static void check(List<String> problems, String what, Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            problems.add(what + ": " + result.getDescription());
        }
    }

    static final class SchemaBuilderHelper {
        static Schema record(String fields) {
            return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"T\",\"fields\":[" + fields + "]}");
        }
    }
}
