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
        Path key = keyFile(keyDir, log);
        try {
            if (!Files.exists(key)) {
                create(key, NoteSigner.generate(log.origin(), NoteKeys.ED25519).text() + "\n");
            }
            NoteSigner signer;
            try {
                signer = NoteSigner.parse(KeyFiles.readSecret(key, "log key file"));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("log key file " + key + ": " + e.getMessage(), e);
            }
            if (!signer.name().equals(log.origin()) || signer.type() != NoteKeys.ED25519) {
                throw new IllegalStateException("log key file " + key + " is the key of '" + signer.name() + "' (type "
                        + signer.type() + "), not of this log's origin '" + log.origin()
                        + "' (type 1): set the origin prefix it was made with, or move the file away to make a new log key");
            }
            Path vkey = vkeyFile(keyDir, log);
            String text = signer.verifierKey().text() + "\n";
            if (!Files.exists(vkey) || !Files.readString(vkey, StandardCharsets.US_ASCII).equals(text)) {
                Files.writeString(vkey, text, StandardCharsets.US_ASCII);
            }
            return signer;
        } catch (IOException e) {
            throw new UncheckedIOException("log key " + key + ": " + e.getMessage(), e);
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
