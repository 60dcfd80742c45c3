package rootzone.zone;

import java.util.Base64;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945) as written in configuration: {@code algorithm:name:base64-secret}, e.g.
 * {@code hmac-sha256:xfr-key.:c2VjcmV0...}, the same three values NSD, Knot and BIND take. The one
 * key type of the project: the publisher signs its transfer requests and authenticates a primary's
 * NOTIFY with it; a serving node authenticates transfers, NOTIFY and signed queries with it, as NSD's
 * keys do.
 */
public record TsigKey(Name algorithm, Name name, String secret) {

    public TsigKey {
        try {
            if (Base64.getDecoder().decode(secret).length < 16) {
                throw new IllegalArgumentException("TSIG secret of " + name + " is shorter than 16 bytes");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TSIG secret of " + name + " is not valid base64 of at least 16 bytes", e);
        }
    }

    /** The three values given separately (e.g. the publisher's per-zone primary configuration). */
    public static TsigKey of(String algorithm, String name, String secret) {
        Name alg = TSIG.algorithmToName(algorithm); // throws for unknown algorithms
        try {
            return new TsigKey(alg, Name.fromString(name, Name.root), secret);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad TSIG key name " + name, e);
        }
    }

    public static TsigKey parse(String spec) {
        String[] parts = spec.trim().split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("TSIG key must be algorithm:name:secret, got " + parts.length + " fields");
        }
        return of(parts[0], parts[1], parts[2]);
    }

    /** A signer/verifier for this key (dnsjava's TSIG keeps no per-message state; cheap, one per transfer). */
    public TSIG tsig() {
        return new TSIG(algorithm, name, secret);
    }

    /** For kdig -y / NSD / Knot configuration in tests and docs: {@code alg:name:secret}. */
    public String spec() {
        return algorithm.toString(true) + ":" + name + ":" + secret;
    }

    @Override
    public String toString() {
        return "TsigKey[" + algorithm.toString(true) + " " + name + "]"; // never the secret
    }
}
