package rootzone.eventlog.tlog;

import rootzone.eventlog.ZoneKeys;
import rootzone.events.Topics;

/**
 * The names of the transparency logs (docs/transparency-log.md, "The contract"): a log's name in
 * paths and key files, its checkpoint origin, and the topic and key its LogCheckpoint events go to.
 *
 * @param name   {@code root} for ".", a zone's name without its final dot, or {@code coordination}
 * @param origin {@code <prefix>/log/<name>}: the checkpoint's first line and the log key's name
 * @param topic  rootzone.log.checkpoints for a zone, rootzone.coordination.checkpoints for coordination
 * @param key    the Kafka key of its LogCheckpoint events: the zone key, or {@code coordination}
 * @param zone   the envelope's zone ("." for the coordination log, whose events are not about one zone)
 */
public record LogNames(String name, String origin, String topic, String key, String zone) {

    /** The default origin prefix, so the root zone's log is {@code rootzone.localhost/log/root}. */
    public static final String DEFAULT_PREFIX = "rootzone.localhost";
    public static final String COORDINATION = "coordination";

    /** A zone's log; {@code zone} in any form ZoneKeys accepts ("." or "example.com."). */
    public static LogNames zone(String prefix, String zone) {
        String key = ZoneKeys.normalize(zone);
        String name = key.equals(".") ? "root" : key.substring(0, key.length() - 1);
        return new LogNames(name, origin(prefix, name), Topics.LOG_CHECKPOINTS, key, key);
    }

    /** The coordination service's log. */
    /** The name of a serving node's witness key (C2SP tlog-cosignature): {@code <prefix>/witness/<node id>}. */
    public static String witness(String prefix, String nodeId) {
        return prefix + "/witness/" + nodeId;
    }

    public static LogNames coordination(String prefix) {
        return new LogNames(COORDINATION, origin(prefix, COORDINATION), Topics.COORDINATION_LOG_CHECKPOINTS, COORDINATION, ".");
    }

    private static String origin(String prefix, String name) {
        if (prefix.isBlank() || prefix.endsWith("/") || prefix.chars().anyMatch(c -> c <= 0x20 || c == '+')) {
            throw new IllegalArgumentException("log origin prefix '" + prefix + "' must be non-empty, without spaces, '+' or a final '/'");
        }
        return prefix + "/log/" + name;
    }
}
