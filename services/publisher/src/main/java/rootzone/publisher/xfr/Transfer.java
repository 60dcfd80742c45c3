package rootzone.publisher.xfr;

import rootzone.zone.Zone;

/**
 * The result of pulling a zone from its primary.
 *
 * @param kind how it was obtained
 * @param zone the full zone after the transfer (the current one when already up to date)
 */
public record Transfer(Kind kind, Zone zone) {

    public enum Kind {
        /** Full transfer (RFC 5936): asked for, or the primary answered IXFR with the whole zone. */
        AXFR,
        /** Incremental transfer (RFC 1995): deltas applied to the zone we had. */
        IXFR,
        /** The primary has nothing newer than the serial we have. */
        UP_TO_DATE
    }
}
