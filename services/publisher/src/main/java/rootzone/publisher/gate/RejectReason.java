package rootzone.publisher.gate;

/**
 * Machine-readable reasons a version is refused: the {@code reason} of a VersionRejected event and
 * the {@code reason} tag of the rejection metric. Names are part of the contract; add, never rename.
 */
public enum RejectReason {
    /** The file is not an RFC 1035 master file (or not gzip of one). */
    UNPARSABLE,
    /** The file's origin is not the zone it was published for. */
    WRONG_ZONE,
    /** Structural check failed: apex SOA/NS missing, data out of zone, glue missing. */
    INVALID_ZONE,
    /** The serial is not newer than the last published one (RFC 1982). */
    SERIAL_NOT_NEWER,
    /** The serial equals the last published one but the content differs. */
    SERIAL_REUSED,
    /** The ZONEMD record does not match the zone content. */
    ZONEMD_MISMATCH,
    /** Policy requires a ZONEMD record and the zone has none. */
    ZONEMD_MISSING,
    /** A signature does not validate at publication time against the trust anchor. */
    DNSSEC_INVALID,
    /** Policy requires a signed zone and the zone is not signed. */
    DNSSEC_MISSING,
    /** Too many existing delegations removed or changed, and no override given. */
    BLAST_RADIUS
}
