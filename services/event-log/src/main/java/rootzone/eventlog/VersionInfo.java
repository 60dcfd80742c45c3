package rootzone.eventlog;

import java.time.Instant;
import java.util.List;
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
 * @param requestKey key id of the coordinator key that signed the publication request, or null for
 *     an input trusted by configuration (drop directory, zone transfer)
 * @param requestSignature that key's signature over the request (compliance PublicationRequest), or null
 * @param relaxations names of the checks relaxed for this version (zone-core VersionPolicy.Relaxation)
 */
public record VersionInfo(String publisher, String source, Instant capturedAt, boolean imported,
                          String blastRadiusOverride, boolean snapshot, String requestKey, byte[] requestSignature,
                          List<String> relaxations) {

    public VersionInfo {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(capturedAt, "capturedAt");
        if ((requestKey == null) != (requestSignature == null)) {
            throw new IllegalArgumentException("a request key and its signature go together");
        }
        requestSignature = requestSignature == null ? null : requestSignature.clone();
        relaxations = List.copyOf(relaxations);
    }

    /** Without a signed request and without relaxations. */
    public VersionInfo(String publisher, String source, Instant capturedAt, boolean imported, String blastRadiusOverride,
            boolean snapshot) {
        this(publisher, source, capturedAt, imported, blastRadiusOverride, snapshot, null, null, List.of());
    }

    /** A live publication (not imported, no override, no snapshot, no signed request). */
    public static VersionInfo published(String publisher, String source, Instant capturedAt) {
        return new VersionInfo(publisher, source, capturedAt, false, null, false, null, null, List.of());
    }

    public VersionInfo withSnapshot(boolean withSnapshot) {
        return new VersionInfo(publisher, source, capturedAt, imported, blastRadiusOverride, withSnapshot, requestKey,
                requestSignature, relaxations);
    }

    public VersionInfo withBlastRadiusOverride(String reason) {
        return new VersionInfo(publisher, source, capturedAt, imported, reason, snapshot, requestKey, requestSignature,
                relaxations);
    }

    /** The verified publication request behind this version. */
    public VersionInfo withRequest(String keyId, byte[] signature) {
        return new VersionInfo(publisher, source, capturedAt, imported, blastRadiusOverride, snapshot, keyId, signature,
                relaxations);
    }

    public VersionInfo withRelaxations(List<String> names) {
        return new VersionInfo(publisher, source, capturedAt, imported, blastRadiusOverride, snapshot, requestKey,
                requestSignature, names);
    }

    @Override
    public byte[] requestSignature() {
        return requestSignature == null ? null : requestSignature.clone();
    }
}
