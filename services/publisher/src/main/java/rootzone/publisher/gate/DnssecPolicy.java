package rootzone.publisher.gate;

/** What the publisher demands of a version's DNSSEC signatures. */
public enum DnssecPolicy {
    /** Not checked: for archives whose delegation signatures were stripped. */
    IGNORE,
    /** The zone must be signed, and every signature must validate now against the trust anchor. */
    REQUIRE
}
