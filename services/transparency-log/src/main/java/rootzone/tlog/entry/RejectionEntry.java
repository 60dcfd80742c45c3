package rootzone.tlog.entry;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A version the publisher refused (a VersionRejected event).
 *
 * @param serial        the refused file's serial; empty when it did not parse
 * @param contentSha256 its content digest; empty when it did not parse
 * @param reason        the RejectReason name (VersionRejected.code), e.g. SERIAL_NOT_NEWER
 * @param eventSha256   SHA-256 of the event's full encoded value (what the envelope hash chain hashes), so every field is covered
 */
public record RejectionEntry(String zone, OptionalLong serial, Optional<byte[]> contentSha256, String reason, String requestedBy,
                             Instant time, byte[] eventSha256) implements LogEntry {

    static final String KIND = "rejection";

    public RejectionEntry {
        contentSha256 = contentSha256.map(d -> EntryText.digest("content-sha256", d, 32));
        eventSha256 = EntryText.digest("event-sha256", eventSha256, 32);
    }

    @Override
    public Optional<byte[]> contentSha256() {
        return contentSha256.map(byte[]::clone);
    }

    @Override
    public byte[] eventSha256() {
        return eventSha256.clone();
    }

    @Override
    public byte[] bytes() {
        return new EntryText.Writer(KIND).line("zone", zone).number("serial", serial).hex("content-sha256", contentSha256.orElse(null))
                .line("reason", reason).line("requested-by", requestedBy).time("time", time).hex("event-sha256", eventSha256).bytes();
    }

    static RejectionEntry read(EntryText.Reader r) {
        return new RejectionEntry(r.line("zone"), r.optionalNumber("serial"), Optional.ofNullable(r.optionalHex("content-sha256", 32)),
                r.line("reason"), r.line("requested-by"), r.time("time"), r.hex("event-sha256", 32));
    }
}
