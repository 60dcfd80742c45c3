package rootzone.cli.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.List;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.tlog.tile.AtomicFile;

/**
 * The local user's maintainer identity for {@code ./rootzone up}: an Ed25519 key in
 * {@code <data>/keys/maintainer.key} (mode 0600, generated on first start, never committed), its
 * public half and identity beside it, and the trust anchor {@code <data>/trust-anchor} naming it the
 * maintainer of the zones the local publisher serves, which coordination, the publisher and the auditor
 * are started with. {@code rootzone publish} finds the key here, so the README's two commands just work.
 */
public final class LocalMaintainer {

    public static final String DEFAULT_IDENTITY = "local-maintainer";
    /** The zones the local publisher is configured with (services/publisher application.properties). */
    private static final List<String> LOCAL_ZONES = List.of(".");

    private final String identity;
    private final Path keyFile;

    private LocalMaintainer(String identity, Path keyFile) {
        this.identity = identity;
        this.keyFile = keyFile;
    }

    public static Path keyFile(Path data) {
        return data.resolve("keys").resolve("maintainer.key");
    }

    public static Path identityFile(Path data) {
        return data.resolve("keys").resolve("maintainer.id");
    }

    public static Path anchorFile(Path data) {
        return data.resolve("trust-anchor");
    }

    /** Creates the identity, key and trust anchor when absent; returns the trust anchor file. */
    public static Path ensure(Path data) throws IOException {
        Path key = keyFile(data);
        Path anchor = anchorFile(data);
        if (!Files.exists(key)) {
            Files.createDirectories(key.getParent());
            KeyPair k = Ed25519Keys.generate();
            writePrivate(key, Ed25519Keys.toBase64(k.getPrivate()) + "\n");
            Files.writeString(data.resolve("keys").resolve("maintainer.pub"), Ed25519Keys.toBase64(k.getPublic()) + "\n");
            Files.writeString(identityFile(data), DEFAULT_IDENTITY + "\n");
            StringBuilder text = new StringBuilder("# rootzone trust anchor (docs/security.md): ZONE IDENTITY PUBLIC-KEY\n"
                    + "# written by ./rootzone up for the local maintainer; coordination, publisher and auditor start from it\n");
            for (String zone : LOCAL_ZONES) {
                text.append(TrustAnchor.line(zone, DEFAULT_IDENTITY, k.getPublic())).append('\n');
            }
            AtomicFile.replace(anchor, text.toString().getBytes(StandardCharsets.UTF_8));
        } else if (!Files.exists(anchor)) {
            throw new IOException(key + " exists but " + anchor + " does not: restore it or remove " + key.getParent());
        }
        return anchor;
    }

    /**
     * The maintainer whose key signs requests: {@code keyOverride}/{@code identityOverride} when given,
     * else the one {@code ./rootzone up} made under {@code data}.
     */
    public static LocalMaintainer find(Path data, Path keyOverride, String identityOverride) throws IOException {
        Path key = keyOverride != null ? keyOverride : keyFile(data);
        if (!Files.isRegularFile(key)) {
            throw new IOException("no signing key at " + key + ": run ./rootzone up once (it creates the local maintainer), "
                    + "or give --key FILE and --identity ID");
        }
        String identity = identityOverride;
        if (identity == null) {
            Path id = keyOverride != null ? key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", "") + ".id")
                    : identityFile(data);
            identity = Files.exists(id) ? Files.readString(id).strip() : DEFAULT_IDENTITY;
        }
        return new LocalMaintainer(identity, key);
    }

    public String identity() {
        return identity;
    }

    public PrivateKey privateKey() throws IOException {
        return Ed25519Keys.privateKeyFromBase64(Files.readString(keyFile));
    }

    /** Written with mode 0600 from the start (created empty with that mode, then filled). */
    public static void writePrivate(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text);
    }
}
