package rootzone.coordination.model.sign;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import rootzone.coordination.model.directory.TrustAnchor;

/**
 * The identity of a publication: one version of a zone, named by what the signed request and its
 * ZoneVersionCommitted both state (zone, serial, content digest). The coordinator knows it before it
 * sends anything, the same version always has the same id (a retry is the same publication), and the
 * log alone answers whether it committed, so it survives a publisher restart.
 *
 * <p>Written {@code <zone><serial>-<content digest hex>}, the zone with its final dot, so
 * {@code .2023110400-3f2a…} for the root and {@code example.2024010101-…} for example.: one URL path
 * segment ({@code GET /publications/{id}} on the publisher).
 *
 * @param zone as TrustAnchor.zoneKey writes it ("." for the root)
 * @param contentDigest lower-case hex zone-core ContentDigest (SHA-256, 64 digits)
 */
public record PublicationId(String zone, long serial, String contentDigest) {

    public PublicationId {
        zone = TrustAnchor.zoneKey(Objects.requireNonNull(zone, "zone"));
        if (serial < 0 || serial > 0xffffffffL) {
            throw new IllegalArgumentException("serial " + serial + " is not a 32-bit unsigned number (RFC 1982)");
        }
        Objects.requireNonNull(contentDigest, "contentDigest");
        if (!contentDigest.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a content digest is 64 hex digits (SHA-256), not '" + contentDigest + "'");
        }
        contentDigest = contentDigest.toLowerCase(Locale.ROOT);
    }

    public PublicationId(String zone, long serial, byte[] contentDigest) {
        this(zone, serial, HexFormat.of().formatHex(contentDigest));
    }

    /** The id of what this request asks to publish. */
    public static PublicationId of(PublicationRequest request) {
        return new PublicationId(request.zone(), request.serial(), request.contentDigest());
    }

    public byte[] digestBytes() {
        return HexFormat.of().parseHex(contentDigest);
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code <zone><serial>-<64 hex digits>} */
    public static PublicationId parse(String text) {
        Objects.requireNonNull(text, "id");
        int dash = text.lastIndexOf('-');
        int dot = dash < 0 ? -1 : text.lastIndexOf('.', dash);
        if (dash < 0 || dot < 0 || dot + 1 == dash) {
            throw new IllegalArgumentException("'" + text + "' is not a publication id (<zone><serial>-<content digest>, "
                    + "e.g. .2023110400-<64 hex digits> for the root)");
        }
        long serial;
        try {
            serial = Long.parseLong(text.substring(dot + 1, dash));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the serial '" + text.substring(dot + 1, dash) + "' is not a number");
        }
        return new PublicationId(text.substring(0, dot + 1), serial, text.substring(dash + 1));
    }

    @Override
    public String toString() {
        return zone + serial + "-" + contentDigest;
    }
}
