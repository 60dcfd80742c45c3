package rootzone.coordination.model.sign;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import rootzone.coordination.model.directory.TrustAnchor;

/**
 * A coordinator's request to publish one version of a zone, as it is signed (Ed25519) by the
 * coordinator's key and checked by the publisher against the operator directory. The canonical form
 * (docs/security.md, "Publication requests") holds only what the ZoneVersionCommitted event also
 * records (zone, serial, content digest, blast-radius override), so anyone can re-check from the log who
 * asked for a version: the event carries requestKey and requestSignature.
 *
 * @param zone the zone, as TrustAnchor.zoneKey writes it ("." for the root)
 * @param serial the version's SOA serial
 * @param contentDigest zone-core ContentDigest of the version (SHA-256 over the canonical zone)
 * @param blastRadiusOverride the override reason sent with it, or null: signed, so a refused request
 *     cannot be replayed with an override its signer never gave
 */
public record PublicationRequest(String zone, long serial, byte[] contentDigest, String blastRadiusOverride) {

    /** The HTTP headers that carry a signed request (the body is the zone file). */
    public static final String SIGNER_HEADER = "X-Rootzone-Signer";
    public static final String SERIAL_HEADER = "X-Rootzone-Serial";
    public static final String DIGEST_HEADER = "X-Rootzone-Content-Digest";
    public static final String SIGNATURE_HEADER = "X-Rootzone-Signature";

    private static final String MAGIC = "rootzone-publication-request-v1";

    public PublicationRequest {
        zone = TrustAnchor.zoneKey(Objects.requireNonNull(zone, "zone"));
        Objects.requireNonNull(contentDigest, "contentDigest");
        if (contentDigest.length != 32) {
            throw new IllegalArgumentException("a content digest is 32 bytes (SHA-256), not " + contentDigest.length);
        }
        contentDigest = contentDigest.clone();
        if (serial < 0 || serial > 0xffffffffL) {
            throw new IllegalArgumentException("serial " + serial + " is not a 32-bit unsigned number (RFC 1982)");
        }
    }

    @Override
    public byte[] contentDigest() {
        return contentDigest.clone();
    }

    /** The signed bytes: UTF-8 lines, each ending in LF. */
    public byte[] canonicalForm() {
        return (MAGIC + "\n"
                + "zone=" + zone + "\n"
                + "serial=" + serial + "\n"
                + "content-digest=" + HexFormat.of().formatHex(contentDigest) + "\n"
                + "blast-radius-override=" + (blastRadiusOverride == null ? "" : blastRadiusOverride) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The 64-byte Ed25519 signature. */
    public byte[] sign(PrivateKey key) {
        return EventSignatures.sign(canonicalForm(), key);
    }

    /** @throws SignatureException when the signature is missing, malformed or not by this key */
    public void verify(byte[] signature, PublicKey key) {
        EventSignatures.verify(canonicalForm(), ByteBuffer.wrap(signature == null ? new byte[0] : signature), key,
                "publication request for zone " + zone + " serial " + serial);
    }

    public static String base64(byte[] signature) {
        return Base64.getEncoder().encodeToString(signature);
    }

    /** @throws IllegalArgumentException when the header value is not base64 */
    public static byte[] signatureFromBase64(String header) {
        try {
            return Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SIGNATURE_HEADER + " is not base64: " + e.getMessage(), e);
        }
    }
}
