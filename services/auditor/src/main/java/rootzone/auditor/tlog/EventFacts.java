package rootzone.auditor.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.ZoneKeys;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionCommitted;

/**
 * What a leaf must say about the event it describes, as the entry's own lines (docs/transparency-log.md,
 * "Entries, byte for byte"): the key that pairs a leaf with its event ({@code version <serial>} for a
 * version, {@code event <event-sha256>} for the rest) and every line the event determines. A version's
 * {@code zonemd-sha384} is not in its event (the replay cannot check it without rebuilding the zone; a
 * resolver does, from the zone file), everything else is.
 *
 * @param log   the log the leaf belongs to (a zone's log name, or coordination)
 * @param key   what pairs the leaf and the event
 * @param lines the lines the leaf must carry, in entry order
 */
public record EventFacts(String log, String key, Map<String, String> lines) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The facts of an event a log describes, or empty for an event no log holds. */
    public static Optional<EventFacts> of(SpecificRecord event, byte[] eventSha256) {
        String hash = HexFormat.of().formatHex(eventSha256);
        if (event instanceof ZoneVersionCommitted c) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("kind", "version");
            l.put("zone", ZoneKeys.normalize(c.getEnvelope().getZone()));
            l.put("serial", Long.toString(c.getSerial()));
            l.put("previous", c.getPreviousSerial() == null ? "-" : Long.toString(c.getPreviousSerial()));
            l.put("content-sha256", hex(c.getContentDigest()));
            l.put("publisher", c.getPublisher());
            l.put("time", time(c.getCapturedAt()));
            l.put("imported", Boolean.toString(c.getImported()));
            return Optional.of(new EventFacts(LogNames.of(c.getEnvelope().getZone()), versionKey(c.getSerial()), l));
        }
        if (event instanceof VersionRejected v && v.getRejectedBy() == rootzone.events.RejectorRole.PUBLISHER) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("kind", "rejection");
            l.put("zone", ZoneKeys.normalize(v.getEnvelope().getZone()));
            l.put("serial", v.getSerial() == null ? "-" : Long.toString(v.getSerial()));
            l.put("content-sha256", v.getContentDigest() == null ? "-" : hex(v.getContentDigest()));
            l.put("reason", v.getCode().name());
            l.put("requested-by", v.getRequestedBy());
            l.put("time", time(v.getEnvelope().getProducedAt()));
            l.put("event-sha256", hash);
            return Optional.of(new EventFacts(LogNames.of(v.getEnvelope().getZone()), eventKey(hash), l));
        }
        if (event instanceof OperatorChanged o) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("kind", "directory");
            l.put("operator", o.getOperatorId());
            l.put("role", o.getRole().name());
            l.put("removed", Boolean.toString(o.getRemoved()));
            l.put("signer", o.getSignerId());
            l.put("time", time(o.getIssuedAt() != null ? o.getIssuedAt() : o.getEnvelope().getProducedAt()));
            l.put("event-sha256", hash);
            return Optional.of(new EventFacts(LogNames.COORDINATION, eventKey(hash), l));
        }
        if (event instanceof NoticeEvent n) {
            Map<String, String> l = new LinkedHashMap<>();
            l.put("kind", "notice");
            l.put("notice", n.getNoticeId());
            l.put("action", n.getAction().name());
            l.put("issuer", n.getIssuer());
            l.put("serial", n.getSerial() == null ? "-" : Long.toString(n.getSerial()));
            l.put("time", time(n.getIssuedAt() != null ? n.getIssuedAt() : n.getEnvelope().getProducedAt()));
            l.put("event-sha256", hash);
            return Optional.of(new EventFacts(LogNames.COORDINATION, eventKey(hash), l));
        }
        return Optional.empty();
    }

    /** The key of a leaf: its serial for a version, its event-sha256 otherwise; empty when it has neither. */
    public static Optional<String> keyOf(Map<String, String> entryLines) {
        if ("version".equals(entryLines.get("kind")) && entryLines.containsKey("serial")) {
            return Optional.of(versionKey(Long.parseLong(entryLines.get("serial"))));
        }
        return Optional.ofNullable(entryLines.get("event-sha256")).map(EventFacts::eventKey);
    }

    /** An entry's lines, key to value (the entry was parsed by LogEntry.parse: canonical). */
    public static Map<String, String> lines(byte[] entry) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(entry, StandardCharsets.UTF_8).split("\n")) {
            int space = line.indexOf(' ');
            out.put(line.substring(0, space), line.substring(space + 1));
        }
        return out;
    }

    /** The first line the leaf says otherwise than the event (line name, in the entry, in the event). */
    public Optional<String[]> firstDifference(Map<String, String> entryLines) {
        for (Map.Entry<String, String> e : lines.entrySet()) {
            String there = entryLines.get(e.getKey());
            if (!e.getValue().equals(there)) {
                return Optional.of(new String[] {e.getKey(), there, e.getValue()});
            }
        }
        return Optional.empty();
    }

    static String versionKey(long serial) {
        return "version " + serial;
    }

    static String eventKey(String sha256Hex) {
        return "event " + sha256Hex;
    }

    private static String time(Instant t) {
        return TIME.format(t);
    }

    private static String hex(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return HexFormat.of().formatHex(out);
    }
}
