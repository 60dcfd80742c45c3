package rootzone.auditor.index;

/**
 * What kind of editorial change a version made, for the timeline: signature noise (RRSIG, NSEC,
 * NSEC3, ZONEMD, an SOA serial bump; {@link SignatureChanges}) is never a change of its own.
 */
public enum ChangeKind {
    /** The first version of the log: the whole zone, nothing to compare with. */
    BASELINE,
    TLD_ADDED,
    TLD_REMOVED,
    /** NS records of an existing delegation (not the apex). */
    NS,
    /** Addresses (A, AAAA) below the apex: glue, including the root servers' own addresses. */
    GLUE,
    DS,
    /** An apex DNSKEY appeared (a new key, or a key republished with the REVOKE bit, RFC 5011 §2.1). */
    DNSKEY_ADDED,
    DNSKEY_REMOVED,
    /** Any other record: apex NS, SOA timers, TTL-only changes of keys, other types. */
    OTHER
}
