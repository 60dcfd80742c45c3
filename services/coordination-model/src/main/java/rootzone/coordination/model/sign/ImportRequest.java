package rootzone.coordination.model.sign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import rootzone.coordination.model.IssueTimes;
import rootzone.coordination.model.directory.TrustAnchor;

/**
 * A maintainer's request to import an archive of a zone's history through the publisher, as it is
 * signed (Ed25519) by the maintainer's key and checked by the publisher against the operator directory
 * like a {@link PublicationRequest}. One signature covers the import as a whole: which zone, which
 * archive (a path the publisher reads), which gates it may relax, and when it was asked, so an old
 * request cannot be re-sent later (at most {@link IssueTimes#MAX_SKEW} from the publisher's clock).
 * Canonical form: docs/security.md, "Import requests".
 *
 * @param source the archive as the publisher's host sees it (absolute path of a directory of zone
 *     files, a git repository or a git bundle)
 * @param file the zone file inside each commit, or null for the only file
 * @param relaxations zone-core VersionPolicy.Relaxation names the import may use, sorted
 */
public record ImportRequest(String zone, String source, String file, List<String> relaxations, Instant requestedAt) {

    private static final String MAGIC = "rootzone-import-request-v1";

    public ImportRequest {
        zone = TrustAnchor.zoneKey(Objects.requireNonNull(zone, "zone"));
        Objects.requireNonNull(source, "source");
        if (source.isBlank() || source.indexOf('\n') >= 0 || (file != null && file.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("an import source (and file) is one non-empty line");
        }
        relaxations = relaxations.stream().map(String::strip).sorted().distinct().toList();
        for (String r : relaxations) {
            if (r.isEmpty() || r.indexOf(',') >= 0 || r.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("bad relaxation name '" + r + "'");
            }
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
        requestedAt = Instant.ofEpochMilli(requestedAt.toEpochMilli());
    }

    /** The signed bytes: UTF-8 lines, each ending in LF. */
    public byte[] canonicalForm() {
        return (MAGIC + "\n"
                + "zone=" + zone + "\n"
                + "source=" + source + "\n"
                + "file=" + (file == null ? "" : file) + "\n"
                + "relaxations=" + String.join(",", relaxations) + "\n"
                + "requested-at=" + requestedAt + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] sign(PrivateKey key) {
        return EventSignatures.sign(canonicalForm(), key);
    }

    /** @throws SignatureException when the signature is missing, malformed or not by this key */
    public void verify(byte[] signature, PublicKey key) {
        EventSignatures.verify(canonicalForm(), ByteBuffer.wrap(signature == null ? new byte[0] : signature), key,
                "import request for zone " + zone + " from " + source);
    }

    /** Empty when the request was made within the allowed skew of {@code now}; else why it is stale. */
    public java.util.Optional<String> staleAt(Instant now) {
        Duration skew = Duration.between(requestedAt, now).abs();
        return skew.compareTo(IssueTimes.MAX_SKEW) > 0
                ? java.util.Optional.of("the import request was signed for " + requestedAt + ", " + skew + " from the publisher's clock ("
                        + now + "); at most " + IssueTimes.MAX_SKEW + " (a re-sent old request, or a clock is off)")
                : java.util.Optional.empty();
    }
}
