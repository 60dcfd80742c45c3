package rootzone.tlog.entry;

import java.time.Instant;

/**
 * A change to the operator directory (an OperatorChanged event) in the coordination log.
 *
 * @param role        ZONE_MAINTAINER or ROOT_SERVER_OPERATOR
 * @param time        when the signer signed it (issuedAt; the envelope's producedAt for steps written before v2)
 * @param eventSha256 SHA-256 of the event's full encoded value
 */
public record DirectoryEntry(String operator, String role, boolean removed, String signer, Instant time, byte[] eventSha256)
        implements LogEntry {

    static final String KIND = "directory";

    public DirectoryEntry {
        eventSha256 = EntryText.digest("event-sha256", eventSha256, 32);
    }

    @Override
    public byte[] eventSha256() {
        return eventSha256.clone();
    }

    @Override
    public byte[] bytes() {
        return new EntryText.Writer(KIND).line("operator", operator).line("role", role).flag("removed", removed)
                .line("signer", signer).time("time", time).hex("event-sha256", eventSha256).bytes();
    }

    static DirectoryEntry read(EntryText.Reader r) {
        return new DirectoryEntry(r.line("operator"), r.line("role"), r.flag("removed"), r.line("signer"), r.time("time"),
                r.hex("event-sha256", 32));
    }
}
