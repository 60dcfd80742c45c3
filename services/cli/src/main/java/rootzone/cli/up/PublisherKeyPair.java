package rootzone.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.eventlog.signing.KeyFiles;

/**
 * The publisher's signing key of a local system: made under {@code <data>/keys/} on first start
 * (private key mode 0600, never leaves the data directory), then handed to the publisher, and its
 * public key to every node and the auditor as the one publisher key they trust.
 */
record PublisherKeyPair(Path privateKey, Path publicKey, String keyId) {

    static PublisherKeyPair ensure(Path data) throws IOException {
        Path dir = data.resolve("keys").toAbsolutePath();
        Path priv = dir.resolve("publisher-signing.key");
        Path pub = dir.resolve("publisher-signing.pub");
        if (!Files.exists(priv)) {
            KeyFiles.generate(priv, pub);
        }
        // Reading back checks the mode (0600) and the key, so a broken file stops `up` here, clearly.
        var key = KeyFiles.readPrivateKey(priv);
        var derived = Ed25519Keys.publicKeyOf(key);
        if (!Files.exists(pub)) {
            Files.writeString(pub, Ed25519Keys.toBase64(derived) + "\n");
        }
        return new PublisherKeyPair(priv, pub, Ed25519Keys.keyId(derived));
    }

    /**
     * The publisher's signing key, and where it makes its zones' log keys ({@code <data>/keys/log-<name>.key},
     * 0600, with {@code log-<name>.vkey} beside it) and keeps their tiles ({@code <data>/publisher/log/<name>}).
     */
    Map<String, String> publisherProperties(Path data) {
        return Map.of("rootzone.publisher.signing-key-file", privateKey.toString(),
                "rootzone.publisher.log.key-dir", privateKey.getParent().toString(),
                "rootzone.publisher.log.tile-dir", data.resolve("publisher").resolve("log").toAbsolutePath().toString());
    }

    Map<String, String> nodeProperties() {
        return Map.of("rootzone.node.trusted-publisher-keys", publicKey.toString());
    }

    Map<String, String> auditorProperties() {
        // Only the public key: the auditor reads and verifies; imports go through the publisher.
        return Map.of("rootzone.auditor.trusted-publisher-keys", publicKey.toString());
    }
}
