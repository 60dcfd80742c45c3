package rootzone.coordination.model;

import java.time.Instant;
import rootzone.zone.Zone;

/** One version of the zone history: its serial, when it was captured (published), and its content. */
public record ZoneVersion(long serial, Instant capturedAt, Zone zone) {}
