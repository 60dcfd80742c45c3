package rootzone.eventlog.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ed25519 keys in files, as services are configured with them: a private key file holds the PKCS#8
 * encoding in base64 (PEM armour lines are ignored, so `openssl genpkey -algorithm ed25519` output
 * works too) and must be readable by its owner only; a public key is X.509 SubjectPublicKeyInfo in
 * base64, given inline or as a file.
 */
public final class KeyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * Reads a private key file.
     *
     * @throws IllegalArgumentException with a message naming the file when it is missing, unreadable,
     *     readable or writable by group or others, or not an Ed25519 PKCS#8 key
     */
    public static PrivateKey readPrivateKey(Path file) {
        String text = readSecret(file, "signing key file");
        try {
            return Ed25519Keys.privateKeyFromBase64(unarmour(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a secret file (a key of any form) as ASCII text.
     *
     * @param what how messages name the file, e.g. "log key file"
     * @throws IllegalArgumentException with a message naming the file when it is missing, unreadable,
     *     or readable or writable by group or others
     */
    public static String readSecret(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms;
            try {
                perms = posix.readAttributes().permissions();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the permissions of " + what + " " + file + ": " + e.getMessage(), e);
            }
            Set<PosixFilePermission> extra = perms.stream().filter(p -> !OWNER_ONLY.contains(p)).collect(Collectors.toSet());
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " is too open ("
                        + PosixFilePermissions.toString(perms) + "): it must be readable by its owner only, chmod 600 it");
            }
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates a secret file, mode 0600 before anything is written to it; refuses to overwrite. */
    public static void writeSecret(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** A public key given inline (base64 X.509) or as the path of a file holding that. */
    public static PublicKey readPublicKey(String fileOrBase64) {
        String spec = fileOrBase64.strip();
        Path file;
        try {
            file = Path.of(spec);
        } catch (RuntimeException notAPath) {
            file = null;
        }
        if (file != null && Files.isRegularFile(file)) {
            try {
                return Ed25519Keys.publicKeyFromBase64(unarmour(Files.readString(file, StandardCharsets.US_ASCII)));
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("public key file " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            return Ed25519Keys.publicKeyFromBase64(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "' is neither a public key file nor a base64 Ed25519 public key: "
                    + e.getMessage(), e);
        }
    }

    /** Several public keys, each inline or a file (a configuration list). */
    public static List<PublicKey> readPublicKeys(List<String> specs) {
        List<PublicKey> keys = new ArrayList<>();
        for (String s : specs) {
            if (!s.isBlank()) {
                keys.add(readPublicKey(s));
            }
        }
        return keys;
    }

    /**
     * Writes a new key pair: the private key to {@code privateFile} (created 0600 before anything is
     * written to it), the public key to {@code publicFile}. Refuses to overwrite.
     */
    public static KeyPair generate(Path privateFile, Path publicFile) throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        writeSecret(privateFile, Ed25519Keys.toBase64(pair.getPrivate()) + "\n");
        Files.writeString(publicFile, Ed25519Keys.toBase64(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
        return pair;
    }

    private static String unarmour(String text) {
        return text.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
    }

    private KeyFiles() {}
}
