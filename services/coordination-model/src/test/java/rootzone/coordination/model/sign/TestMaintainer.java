package rootzone.coordination.model.sign;

import rootzone.eventlog.signing.Ed25519Keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/**
 * The one test helper that signs publication requests, shared by every module whose tests POST
 * versions: a maintainer identity with its Ed25519 key and a trust anchor naming it for some zones,
 * kept in a directory so a service under test (configured with the anchor file) and the test (signing)
 * see the same key even across class loaders.
 */
public final class TestMaintainer {

    public static final String IDENTITY = "test-maintainer";

    private final String identity;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Path anchor;

    private TestMaintainer(String identity, PrivateKey privateKey, PublicKey publicKey, Path anchor) {
        this.identity = identity;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.anchor = anchor;
    }

    /** The maintainer kept in {@code dir}: created (key and anchor for {@code zones}) when absent, else read back. */
    public static TestMaintainer in(Path dir, String... zones) {
        return named(dir, IDENTITY, zones);
    }

    /** The same, for another identity (e.g. "icann" in the coordination tests). */
    public static synchronized TestMaintainer named(Path dir, String identity, String... zones) {
        try {
            Files.createDirectories(dir);
            Path key = dir.resolve(identity + ".key");
            Path pub = dir.resolve(identity + ".pub");
            Path anchor = dir.resolve("trust-anchor");
            if (!Files.exists(anchor)) {
                KeyPair k = Ed25519Keys.generate();
                Files.writeString(key, Ed25519Keys.toBase64(k.getPrivate()) + "\n");
                Files.writeString(pub, Ed25519Keys.toBase64(k.getPublic()) + "\n");
                StringBuilder text = new StringBuilder("# test trust anchor\n");
                for (String z : zones) {
                    text.append(TrustAnchor.line(z, identity, k.getPublic())).append('\n');
                }
                Path tmp = dir.resolve("trust-anchor.tmp");
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, anchor, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new TestMaintainer(identity, Ed25519Keys.privateKeyFromBase64(Files.readString(key)),
                    Ed25519Keys.publicKeyFromBase64(Files.readString(pub)), anchor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The maintainer of this test JVM under {@code key}: kept in a temporary directory whose path is a
     * system property, so a Quarkus test resource (which configures the service with the anchor file)
     * and the test itself (loaded by another class loader) share one key.
     */
    public static synchronized TestMaintainer shared(String key, String identity, String... zones) {
        String property = "rootzone.test.maintainer." + key;
        String dir = System.getProperty(property);
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("maintainer-" + key).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(property, dir);
        }
        return named(Path.of(dir), identity, zones);
    }

    public String identity() {
        return identity;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyPair keyPair() {
        return new KeyPair(publicKey, privateKey);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public Path anchorFile() {
        return anchor;
    }

    /** The signed-request headers for this zone file (parsed here for its serial and content digest). */
    public Map<String, String> headers(String zone, byte[] zoneFile) {
        return headers(zone, zoneFile, null);
    }

    public Map<String, String> headers(String zone, byte[] zoneFile, String blastRadiusOverride) {
        Zone z;
        try {
            z = ZoneParser.parse(zoneFile, Name.fromConstantString(TrustAnchor.zoneKey(zone)), "test");
        } catch (ZoneException e) {
            throw new IllegalArgumentException("cannot sign an unparsable zone: " + e.getMessage(), e);
        }
        if (z.soa() == null) {
            throw new IllegalArgumentException("cannot sign a zone without an apex SOA: it has no serial");
        }
        return headers(zone, z.serial(), ContentDigest.of(z), blastRadiusOverride, privateKey);
    }

    /** Headers for an explicit claim, signed with any key (tests of forged and mismatched requests). */
    public Map<String, String> headers(String zone, long serial, byte[] digest, String blastRadiusOverride, PrivateKey key) {
        PublicationRequest r = new PublicationRequest(zone, serial, digest, blastRadiusOverride);
        Map<String, String> h = new LinkedHashMap<>();
        h.put(PublicationRequest.SIGNER_HEADER, identity);
        h.put(PublicationRequest.SERIAL_HEADER, Long.toString(serial));
        h.put(PublicationRequest.DIGEST_HEADER, HexFormat.of().formatHex(digest));
        h.put(PublicationRequest.SIGNATURE_HEADER, PublicationRequest.base64(r.sign(key)));
        return h;
    }
}
