package rootzone.auditor.index;

/**
 * A version on the log that is what its publisher stated but fails the version policy (ZONEMD as
 * present, RFC 8976 §4, with the relaxations the version names): history all the same, indexed, and
 * listed (ZoneFollower, /history/status, the dashboard's trust panel).
 *
 * @param reason the policy's reason code (VersionApplier's authenticity verdict)
 */
public record Unauthentic(long serial, long offset, String reason, String detail) {}
