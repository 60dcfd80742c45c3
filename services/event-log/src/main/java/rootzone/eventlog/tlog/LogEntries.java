package rootzone.eventlog.tlog;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.AvroBytes;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionCommitted;
import rootzone.tlog.entry.DirectoryEntry;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.NoticeEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;

/**
 * The log entry of each event that has one, every field taken from the event (docs/transparency-log.md,
 * "Entries, byte for byte"), so the operator that writes the entry and anyone replaying the events
 * rebuild the same leaf. Events are given with their envelope filled (as sent, or as read back), and
 * with the SHA-256 of their encoded value as it is on the topic ({@code EventWriter.Sent.valueSha256()},
 * or {@code EventCodec.hash(record.value())} for a reader): re-encoding a decoded event need not give the
 * same bytes (an Avro map's order), so the entry names the bytes written.
 */
public final class LogEntries {

    /**
     * A committed version. The ZONEMD SHA-384 digest is not in the event: the writer computed it from
     * the zone, a replayer recomputes it from the version it rebuilt.
     */
    public static VersionEntry version(ZoneVersionCommitted c, byte[] zonemdSha384) {
        return new VersionEntry(c.getEnvelope().getZone(), c.getSerial(), optional(c.getPreviousSerial()), zonemdSha384,
                AvroBytes.toArray(c.getContentDigest()), c.getPublisher(), c.getCapturedAt(), c.getImported());
    }

    public static RejectionEntry rejection(VersionRejected e, byte[] eventSha256) {
        return new RejectionEntry(e.getEnvelope().getZone(), optional(e.getSerial()),
                Optional.ofNullable(e.getContentDigest()).map(AvroBytes::toArray), e.getCode().name(), e.getRequestedBy(),
                e.getEnvelope().getProducedAt(), eventSha256);
    }

    public static DirectoryEntry directory(OperatorChanged e, byte[] eventSha256) {
        return new DirectoryEntry(e.getOperatorId(), e.getRole().name(), e.getRemoved(), e.getSignerId(),
                timeOf(e.getIssuedAt(), e.getEnvelope().getProducedAt()), eventSha256);
    }

    public static NoticeEntry notice(NoticeEvent e, byte[] eventSha256) {
        return new NoticeEntry(e.getNoticeId(), e.getAction().name(), e.getIssuer(), optional(e.getSerial()),
                timeOf(e.getIssuedAt(), e.getEnvelope().getProducedAt()), eventSha256);
    }

    /**
     * The coordination log's entry of a coordination event.
     *
     * @throws IllegalArgumentException for an event the coordination log has no entry kind for
     */
    public static LogEntry coordination(SpecificRecord event, byte[] eventSha256) {
        if (event instanceof OperatorChanged e) {
            return directory(e, eventSha256);
        }
        if (event instanceof NoticeEvent e) {
            return notice(e, eventSha256);
        }
        throw new IllegalArgumentException("the coordination log has no entry for a " + event.getClass().getSimpleName());
    }

    /** issuedAt, or producedAt for steps written before schema v2. */
    private static Instant timeOf(Instant issuedAt, Instant producedAt) {
        return issuedAt != null ? issuedAt : producedAt;
    }

    private static OptionalLong optional(Long n) {
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    private LogEntries() {}
}
