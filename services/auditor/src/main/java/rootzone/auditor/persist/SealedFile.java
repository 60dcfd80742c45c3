package rootzone.auditor.persist;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import rootzone.tlog.tile.AtomicFile;

/**
 * One file of the auditor's saved state (the event audit's replay position, the index snapshots): a magic, a
 * format version, the body, then the SHA-256 of all that. Written to a temp file, fsynced, renamed over
 * the old one and the directory fsynced, so a crash leaves the old or the new file, never half of one.
 * Reading tells a missing file from one that cannot be trusted, with the reason; the caller then starts
 * from offset 0.
 */
public final class SealedFile {

    private static final int DIGEST_LENGTH = 32;

    /** Writes a body. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads a body; any exception or a byte left over refuses the file. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** What reading found. */
    public sealed interface Read<T> {}

    public record Absent<T>() implements Read<T> {}

    public record Refused<T>(String reason) implements Read<T> {}

    public record Valid<T>(T value) implements Read<T> {}

    private final Path file;
    private final int magic;
    private final int format;

    public SealedFile(Path file, int magic, int format) {
        this.file = file;
        this.magic = magic;
        this.format = format;
    }

    public Path path() {
        return file;
    }

    public void write(Writer body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(format);
            body.write(out);
            out.flush();
            out.write(sha256(bytes.toByteArray()));
            AtomicFile.replaceDurably(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public <T> Read<T> read(Reader<T> body) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Absent<>();
        } catch (IOException e) {
            return new Refused<>("unreadable: " + e);
        }
        if (all.length < 8 + DIGEST_LENGTH) {
            return new Refused<>("too short");
        }
        byte[] content = Arrays.copyOf(all, all.length - DIGEST_LENGTH);
        if (!MessageDigest.isEqual(sha256(content), Arrays.copyOfRange(all, content.length, all.length))) {
            return new Refused<>("digest does not match: corrupt or altered");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            int m = in.readInt();
            int f = in.readInt();
            if (m != magic || f != format) {
                return new Refused<>(String.format("magic %08x format %d, expected %08x format %d", m, f, magic, format));
            }
            T value = body.read(in);
            if (in.available() != 0) {
                return new Refused<>("trailing bytes");
            }
            return new Valid<>(value);
        } catch (IOException | RuntimeException e) {
            return new Refused<>("malformed: " + e);
        }
    }

    /** A count read back, bounded by what is left to read (each element takes at least a byte). */
    public static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("implausible count " + n);
        }
        return n;
    }

    /** Strings as a length (-1 for null) and UTF-8: writeUTF stops at 64 KiB, a rejection detail may not. */
    public static void str(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
        } else {
            bytes(out, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static String str(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        return new String(exactly(in, n), StandardCharsets.UTF_8);
    }

    public static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    public static byte[] bytes(DataInputStream in) throws IOException {
        return exactly(in, in.readInt());
    }

    public static byte[] exactly(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > in.available()) {
            throw new IOException("implausible length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    public static void instant(DataOutputStream out, Instant t) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.getEpochSecond());
            out.writeInt(t.getNano());
        }
    }

    public static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
