package rootzone.cli.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rootzone.cli.http.AuditorOption;
import rootzone.cli.http.ServiceClient;
import rootzone.eventlog.tlog.LogNames;
import rootzone.tlog.tile.EntryBundles;
import rootzone.tlog.tile.TilePaths;

/**
 * One log on the auditor's HTTP API, under {@code /log/<name>/} (docs/transparency-log.md, "The
 * contract"): the checkpoint, proofs, entry bundles. Nothing it returns is trusted: the commands check
 * every answer against the checkpoint they verified.
 */
public final class AuditorLog {

    @Mixin AuditorOption auditor;

    @Option(names = "--log", paramLabel = "NAME",
            description = "Log name: root for the root zone, a zone without its final dot, or coordination "
                    + "(default: the zone file's log, else root).")
    String name;

    /** An inclusion proof as the auditor serves it. */
    record Inclusion(long index, long treeSize, List<byte[]> hashes) {}

    private ServiceClient client() {
        return auditor.client();
    }

    private String path(String rest) {
        return "/log/" + ServiceClient.q(name()) + "/" + rest;
    }

    /** The log asked: --log, else root. */
    String name() {
        return name != null ? name : "root";
    }

    /** Unless --log named one, asks the log of this zone (origin "." or "example.com."). */
    void forZone(String origin) {
        if (name == null) {
            name = LogNames.zone(LogNames.DEFAULT_PREFIX, origin).name();
        }
    }

    String checkpoint() {
        return client().getText(path(TilePaths.CHECKPOINT));
    }

    Inclusion inclusion(long serial, long size) {
        JsonNode j = client().getJson(path("proof/inclusion?serial=" + serial + "&size=" + size));
        return new Inclusion(number(j, "index"), number(j, "treeSize"), hashes(j));
    }

    List<byte[]> consistency(long from, long to) {
        JsonNode j = client().getJson(path("proof/consistency?from=" + from + "&to=" + to));
        if (number(j, "from") != from || number(j, "to") != to) {
            throw new IllegalStateException("the auditor answered a consistency proof between other sizes than " + from + " and " + to);
        }
        return hashes(j);
    }

    /** The entry at index of the tree of this size, from its entry bundle (tlog-tiles, full or partial). */
    byte[] entry(long index, long treeSize) {
        long bundle = index / TilePaths.WIDTH;
        int width = bundle < treeSize / TilePaths.WIDTH ? TilePaths.WIDTH : (int) (treeSize % TilePaths.WIDTH);
        List<byte[]> entries = EntryBundles.decode(client().getBytes(path(TilePaths.entries(bundle, width))));
        int at = (int) (index % TilePaths.WIDTH);
        if (entries.size() != width) {
            throw new IllegalStateException("entry bundle " + bundle + " holds " + entries.size() + " entries, not " + width);
        }
        return entries.get(at);
    }

    private static long number(JsonNode j, String field) {
        if (!j.path(field).canConvertToLong()) {
            throw new IllegalStateException("the auditor's proof has no " + field);
        }
        return j.get(field).asLong();
    }

    private static List<byte[]> hashes(JsonNode j) {
        if (!j.path("hashes").isArray()) {
            throw new IllegalStateException("the auditor's proof has no hashes");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode h : j.get("hashes")) {
            try {
                out.add(Base64.getDecoder().decode(h.asText()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the auditor's proof has a hash that is not base64: " + h.asText());
            }
        }
        return out;
    }
}
