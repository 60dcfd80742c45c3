package rootzone.auditor.tlog;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.RejectorRole;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionCommitted;
import rootzone.tlog.entry.DirectoryEntry;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.NoticeEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;

/**
 * An event a transparency log describes, and what pairs it with its leaf: {@code version <serial>}
 * for a version, {@code event <event-sha256>} for a publisher's rejection and the coordination events.
 * The leaf must be the entry event-log's {@link LogEntries} makes of the event, byte for byte; only a
 * version's {@code zonemd-sha384} is not in its event (the replay would have to rebuild the zone; a
 * resolver checks it against the zone file), so it is taken from the leaf.
 *
 * @param zone  the zone whose log holds it, or empty for the coordination log
 * @param key   what pairs the leaf and the event
 * @param event the event, envelope filled as read
 * @param eventSha256 SHA-256 of the event's value as written (rejection and coordination entries name it)
 */
public record EventFacts(Optional<String> zone, String key, SpecificRecord event, byte[] eventSha256) {

    /** The facts of an event a log describes, or empty for an event no log holds. */
    public static Optional<EventFacts> of(SpecificRecord event, byte[] eventSha256) {
        String hash = eventKey(HexFormat.of().formatHex(eventSha256));
        if (event instanceof ZoneVersionCommitted c) {
            return Optional.of(new EventFacts(Optional.of(c.getEnvelope().getZone()), versionKey(c.getSerial()), event, eventSha256));
        }
        if (event instanceof VersionRejected v && v.getRejectedBy() == RejectorRole.PUBLISHER) {
            return Optional.of(new EventFacts(Optional.of(v.getEnvelope().getZone()), hash, event, eventSha256));
        }
        if (event instanceof OperatorChanged || event instanceof NoticeEvent) {
            return Optional.of(new EventFacts(Optional.empty(), hash, event, eventSha256));
        }
        return Optional.empty();
    }

    /** The key of a parsed leaf. */
    public static String keyOf(LogEntry leaf) {
        if (leaf instanceof VersionEntry v) {
            return versionKey(v.serial());
        }
        byte[] hash = leaf instanceof RejectionEntry r ? r.eventSha256()
                : leaf instanceof DirectoryEntry d ? d.eventSha256()
                : ((NoticeEntry) leaf).eventSha256();
        return eventKey(HexFormat.of().formatHex(hash));
    }

    /** The entry this event must have in its log. */
    public byte[] expectedEntry(LogEntry leaf) {
        if (event instanceof ZoneVersionCommitted c) {
            return LogEntries.version(c, leaf instanceof VersionEntry v ? v.zonemdSha384() : new byte[48]).bytes();
        }
        if (event instanceof VersionRejected v) {
            return LogEntries.rejection(v, eventSha256).bytes();
        }
        if (event instanceof OperatorChanged o) {
            return LogEntries.directory(o, eventSha256).bytes();
        }
        return LogEntries.notice((NoticeEvent) event, eventSha256).bytes();
    }

    /**
     * The first line where the leaf says otherwise than the event: {line key, in the leaf, in the
     * event} (values without their key; null for a missing line).
     */
    public Optional<String[]> firstDifference(LogEntry leaf) {
        String[] in = lines(leaf.bytes());
        String[] expected = lines(expectedEntry(leaf));
        for (int i = 0; i < Math.max(in.length, expected.length); i++) {
            String a = i < in.length ? in[i] : null;
            String b = i < expected.length ? expected[i] : null;
            if (a == null || !a.equals(b)) {
                String line = b != null ? b : a;
                String key = line.substring(0, line.indexOf(' '));
                return Optional.of(new String[] {key, value(a), value(b)});
            }
        }
        return Optional.empty();
    }

    private static String[] lines(byte[] entry) {
        return new String(entry, StandardCharsets.UTF_8).split("\n");
    }

    private static String value(String line) {
        return line == null ? null : line.substring(line.indexOf(' ') + 1);
    }

    static String versionKey(long serial) {
        return "version " + serial;
    }

    static String eventKey(String sha256Hex) {
        return "event " + sha256Hex;
    }
}
