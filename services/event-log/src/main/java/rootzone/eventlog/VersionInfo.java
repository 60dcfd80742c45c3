package rootzone.eventlog;

import java.time.Instant;
import java.util.Objects;

/**
 * What the publisher (or importer) states about a version besides its content.
 *
 * @param publisher who published: the coordinator identity behind the request
 * @param source http, drop-directory, xfr, import
 * @param capturedAt when the version was received or, for imports, originally captured
 * @param imported true for versions imported from an archive
 * @param blastRadiusOverride the reason given when the blast-radius gate was overridden, or null
 * @param snapshot also write a full snapshot to the snapshot topic, in the same transaction
 */
public record VersionInfo(String publisher, String source, Instant capturedAt, boolean imported,
                          String blastRadiusOverride, boolean snapshot) {

    public VersionInfo {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(capturedAt, "capturedAt");
    }

    /** A live publication (not imported, no override, no snapshot). */
    public static VersionInfo published(String publisher, String source, Instant capturedAt) {
        return new VersionInfo(publisher, source, capturedAt, false, null, false);
    }

    public VersionInfo withSnapshot(boolean withSnapshot) {
        return new VersionInfo(publisher, source, capturedAt, imported, blastRadiusOverride, withSnapshot);
    }

    public VersionInfo withBlastRadiusOverride(String reason) {
        return new VersionInfo(publisher, source, capturedAt, imported, reason, snapshot);
    }

    public VersionInfo asImported() {
        return new VersionInfo(publisher, source, capturedAt, true, blastRadiusOverride, snapshot);
    }
}
