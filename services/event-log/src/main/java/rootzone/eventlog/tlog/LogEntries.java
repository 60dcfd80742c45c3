package rootzone.eventlog.tlog;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.EventCodec;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneVersionCommitted;
import rootzone.tlog.entry.DirectoryEntry;
import rootzone.tlog.entry.NoticeEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;

/**
 * The log entry of each event that has one, every field taken from the event (docs/transparency-log.md,
 * "Entries, byte for byte"), so the operator that writes the entry and anyone replaying the events
 * rebuild the same leaf. Events are given with their envelope filled (as sent, or as read back).
 */
public final class LogEntries {

    /**
     * A committed version. The ZONEMD SHA-384 digest is not in the event: the writer computed it from
     * the zone, a replayer recomputes it from the version it rebuilt.
     */
    public static VersionEntry version(ZoneVersionCommitted c, byte[] zonemdSha384) {
        return new VersionEntry(c.getEnvelope().getZone(), c.getSerial(), optional(c.getPreviousSerial()), zonemdSha384,
                LogReplay.bytes(c.getContentDigest()), c.getPublisher(), c.getCapturedAt(), c.getImported());
    }

    public static RejectionEntry rejection(VersionRejected e) {
        return new RejectionEntry(e.getEnvelope().getZone(), optional(e.getSerial()),
                Optional.ofNullable(e.getContentDigest()).map(LogReplay::bytes), e.getCode().name(), e.getRequestedBy(),
                e.getEnvelope().getProducedAt(), eventSha256(e));
    }

    public static DirectoryEntry directory(OperatorChanged e) {
        return new DirectoryEntry(e.getOperatorId(), e.getRole().name(), e.getRemoved(), e.getSignerId(),
                timeOf(e.getIssuedAt(), e.getEnvelope().getProducedAt()), eventSha256(e));
    }

    public static NoticeEntry notice(NoticeEvent e) {
        return new NoticeEntry(e.getNoticeId(), e.getAction().name(), e.getIssuer(), optional(e.getSerial()),
                timeOf(e.getIssuedAt(), e.getEnvelope().getProducedAt()), eventSha256(e));
    }

    /** SHA-256 of the event's full encoded value: the hash the envelope chain's previousHash uses. */
    public static byte[] eventSha256(SpecificRecord event) {
        return EventCodec.hash(EventCodec.get().encode(event));
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
