package rootzone.publisher.publish;

import java.nio.file.Path;
import java.util.List;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.signing.TrustedPublishers;

/**
 * The publisher's signing key and the keys whose versions it accepts as the zone's history (its own
 * and those configured, e.g. the previous key of a rotation).
 */
public record PublisherKeys(PublisherSigner signer, TrustedPublishers trusted) {

    /** A signer trusting only its own key (tests, a first key). */
    public static PublisherKeys of(PublisherSigner signer) {
        return new PublisherKeys(signer, TrustedPublishers.ownAnd(signer, List.of()));
    }

    /**
     * @throws IllegalStateException with a message naming the setting and the file when the key file is
     *     missing, unreadable, readable by others or not an Ed25519 key: the publisher does not start
     */
    public static PublisherKeys load(Path signingKeyFile, List<String> otherTrustedKeys) {
        PublisherSigner signer;
        try {
            signer = new PublisherSigner(KeyFiles.readPrivateKey(signingKeyFile));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.publisher.signing-key-file: " + e.getMessage()
                    + " (the publisher signs every version with this Ed25519 PKCS#8 key; ./rootzone up makes one)", e);
        }
        try {
            return new PublisherKeys(signer, TrustedPublishers.ownAnd(signer, KeyFiles.readPublicKeys(otherTrustedKeys)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.publisher.trusted-publisher-keys: " + e.getMessage(), e);
        }
    }
}
