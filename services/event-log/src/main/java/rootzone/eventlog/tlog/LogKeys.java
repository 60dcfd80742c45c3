package rootzone.eventlog.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.VerifierKey;

/**
 * A log operator's note signing key in its key directory: {@code log-<name>.key} (Go's note signer
 * text, mode 0600, generated when absent) and {@code log-<name>.vkey} beside it (the public verifier
 * key, rewritten from the key so it never disagrees with it).
 */
public final class LogKeys {

    public static Path keyFile(Path keyDir, LogNames log) {
        return keyDir.resolve("log-" + log.name() + ".key");
    }

    public static Path vkeyFile(Path keyDir, LogNames log) {
        return keyDir.resolve("log-" + log.name() + ".vkey");
    }

    /**
     * Reads the log's key, or makes one when the file does not exist; writes the vkey beside it.
     *
     * @throws IllegalStateException naming the file when it is too open, unreadable, not a note signer
     *     key, or a key of another name than the log's origin (the operator does not start)
     */
    public static NoteSigner ensure(Path keyDir, LogNames log) {
        NoteSigner signer = ensureSigner(keyFile(keyDir, log), log.origin(), NoteKeys.ED25519, "log key file",
                "set the origin prefix it was made with, or move the file away to make a new log key");
        writeVerifierKey(vkeyFile(keyDir, log), signer);
        return signer;
    }

    /**
     * A note signer key file (a log's, type 0x01, or a witness's, type 0x04 C2SP tlog-cosignature):
     * read, or made (mode 0600) when absent, and checked to be the key of {@code name} and {@code type}.
     *
     * @param what     names the file in errors ("log key file", "witness key file")
     * @param remedy   what the operator can do when the file holds another name's key
     * @throws IllegalStateException naming the file when it is too open, unreadable, not a note signer
     *     key, or another name's or type's key (the service does not start)
     */
    public static NoteSigner ensureSigner(Path key, String name, int type, String what, String remedy) {
        try {
            if (!Files.exists(key)) {
                Files.createDirectories(key.toAbsolutePath().getParent());
                create(key, NoteSigner.generate(name, type).text() + "\n");
            }
            NoteSigner signer;
            try {
                signer = NoteSigner.parse(KeyFiles.readSecret(key, what).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(what + " " + key + ": " + e.getMessage(), e);
            }
            if (!signer.name().equals(name) || signer.type() != type) {
                throw new IllegalStateException(what + " " + key + " is the key of '" + signer.name() + "' (type "
                        + signer.type() + "), not of '" + name + "' (type " + type + "): " + remedy);
            }
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException(what + " " + key + ": " + e.getMessage(), e);
        }
    }

    /** A serving node's witness key file in its data directory: {@code <node data>/keys/witness.key}. */
    public static Path witnessKeyFile(Path nodeDataDir) {
        return nodeDataDir.resolve("keys").resolve("witness.key");
    }

    /**
     * A serving node's witness key (C2SP tlog-cosignature, type 0x04, named {@link LogNames#witness}),
     * made when absent: by the node at its first start, or by {@code rootzone up} beforehand so that the
     * auditor can be given its verifier key.
     */
    public static NoteSigner ensureWitness(Path nodeDataDir, String name) {
        return ensureSigner(witnessKeyFile(nodeDataDir), name, NoteKeys.COSIGNATURE_V1, "witness key file",
                "move it away to make a new one");
    }

    /** Writes the signer's public verifier key (note vkey text), unless the file already says exactly that. */
    public static void writeVerifierKey(Path vkey, NoteSigner signer) {
        String text = signer.verifierKey().text() + "\n";
        try {
            if (!Files.exists(vkey) || !Files.readString(vkey, StandardCharsets.US_ASCII).equals(text)) {
                Files.writeString(vkey, text, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("verifier key " + vkey + ": " + e.getMessage(), e);
        }
    }

    /**
     * A verifier key given in configuration either as its note text ({@code <name>+<hash>+<base64>})
     * or as the path of a file holding it.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static VerifierKey readVerifierKey(String textOrFile) {
        String spec = textOrFile.strip();
        Path file = Path.of(spec);
        String text = spec;
        if (Files.isRegularFile(file)) {
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(spec + ": unreadable verifier key file: " + e.getMessage(), e);
            }
        }
        try {
            return VerifierKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "' is neither a note verifier key nor a file holding one: "
                    + e.getMessage(), e);
        }
    }

    /** Written aside then linked in place: a process starting at the same time reads a whole key or makes none. */
    private static void create(Path key, String text) throws IOException {
        Path tmp = key.resolveSibling(key.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        Files.deleteIfExists(tmp);
        KeyFiles.writeSecret(tmp, text);
        try {
            Files.createLink(key, tmp);
        } catch (FileAlreadyExistsException made) {
            // another process made it first: use theirs
        } finally {
            Files.delete(tmp);
        }
    }

    private LogKeys() {}
}
