package rootzone.auditor.tlog;

import rootzone.eventlog.ZoneKeys;

/**
 * The names of the contract (docs/transparency-log.md, "The contract"): a zone's log is {@code root}
 * for "." and otherwise the zone without its final dot; the coordination log is {@code coordination};
 * a log's origin (its checkpoint's first line and its key's name) is {@code <prefix>/log/<name>}.
 */
public final class LogNames {

    public static final String COORDINATION = "coordination";
    public static final String DEFAULT_PREFIX = "rootzone.localhost";

    /** The log name of a zone ("." → root, "example.com." → example.com). */
    public static String of(String zone) {
        String key = ZoneKeys.normalize(zone);
        return ".".equals(key) ? "root" : key.substring(0, key.length() - 1);
    }

    public static String origin(String prefix, String logName) {
        return prefix + "/log/" + logName;
    }

    private LogNames() {}
}
