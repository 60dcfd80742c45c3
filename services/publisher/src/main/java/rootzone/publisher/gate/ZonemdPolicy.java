package rootzone.publisher.gate;

/** What the publisher demands of a version's ZONEMD record (RFC 8976). */
public enum ZonemdPolicy {
    /** Not checked: for archives whose ZONEMD no longer matches (stripped signatures). */
    IGNORE,
    /** Verified when the zone carries one; a zone without one passes. */
    VERIFY_IF_PRESENT,
    /** The zone must carry a ZONEMD, and it must verify. */
    REQUIRE
}
