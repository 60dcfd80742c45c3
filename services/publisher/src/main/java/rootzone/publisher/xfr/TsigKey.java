package rootzone.publisher.xfr;

import java.util.Base64;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/**
 * A TSIG key (RFC 8945) shared with a primary: signs our transfer requests and SOA probes, and
 * authenticates the primary's NOTIFY messages.
 *
 * @param name key name, as both sides configure it
 * @param algorithm e.g. hmac-sha256
 * @param secret base64 secret
 */
public record TsigKey(Name name, Name algorithm, String secret) {

    public TsigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            if (Base64.getDecoder().decode(secret).length == 0) {
                throw new IllegalArgumentException("TSIG secret of " + name + " is empty");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TSIG secret of " + name + " is not base64: " + e.getMessage(), e);
        }
    }

    public static TsigKey of(String name, String algorithm, String secret) {
        try {
            Name alg = TSIG.algorithmToName(algorithm);
            return new TsigKey(Name.fromString(name, Name.root), alg, secret);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("bad TSIG key name " + name + ": " + e.getMessage(), e);
        }
    }

    /** A fresh signer/verifier: dnsjava's TSIG keeps no per-message state, but a Mac per use is cheap. */
    public TSIG toTsig() {
        return new TSIG(algorithm, name, secret);
    }

    @Override
    public String toString() {
        // Never the secret: this ends up in logs.
        return "TsigKey[" + name + " " + algorithm + "]";
    }
}
