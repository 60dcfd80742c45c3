package rootzone.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The YAML documents an operator applies: every *.yaml of deploy/kubernetes, one resource per document. */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();

    /** The module directory, deploy/kubernetes (Surefire runs in it). */
    static final Path DIR = Path.of("").toAbsolutePath();

    record Resource(Path file, int index, JsonNode node) {
        String kind() {
            return node.path("kind").asText();
        }

        String name() {
            return node.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + "#" + index + " " + kind() + "/" + name();
        }
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Resource> all() {
        List<Resource> all = new ArrayList<>();
        files().forEach(f -> all.addAll(read(f)));
        return all;
    }

    static List<Resource> read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Resource> parse(Path file, String yaml) {
        List<Resource> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int i = 0;
            while (it.hasNext()) {
                JsonNode n = it.next();
                i++;
                if (n != null && n.isObject() && !n.isEmpty()) {
                    out.add(new Resource(file, i, n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static List<Resource> ofKind(String kind) {
        return all().stream().filter(r -> r.kind().equals(kind)).toList();
    }

    private Manifests() {}
}
