package rootzone.tlog.entry;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * One step of an operational change notice (a NoticeEvent) in the coordination log.
 *
 * @param action      ANNOUNCED, AMENDED, WITHDRAWN, ACKNOWLEDGED or TOOK_EFFECT
 * @param serial      TOOK_EFFECT: the zone serial the change appears in; else empty
 * @param time        when the issuer signed the step (issuedAt; producedAt for steps before v2)
 * @param eventSha256 SHA-256 of the event's full encoded value
 */
public record NoticeEntry(String notice, String action, String issuer, OptionalLong serial, Instant time, byte[] eventSha256)
        implements LogEntry {

    static final String KIND = "notice";

    public NoticeEntry {
        eventSha256 = EntryText.digest("event-sha256", eventSha256, 32);
    }

    @Override
    public byte[] eventSha256() {
        return eventSha256.clone();
    }

    @Override
    public byte[] bytes() {
        return new EntryText.Writer(KIND).line("notice", notice).line("action", action).line("issuer", issuer)
                .number("serial", serial).time("time", time).hex("event-sha256", eventSha256).bytes();
    }

    static NoticeEntry read(EntryText.Reader r) {
        return new NoticeEntry(r.line("notice"), r.line("action"), r.line("issuer"), r.optionalNumber("serial"), r.time("time"),
                r.hex("event-sha256", 32));
    }
}
