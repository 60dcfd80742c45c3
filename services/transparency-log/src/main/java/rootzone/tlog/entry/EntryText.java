package rootzone.tlog.entry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * The line format every log entry shares (docs/transparency-log.md): UTF-8, one {@code key value}
 * line per field, in a fixed order, each ending in "\n"; the key and value are separated by one
 * space, values have no control characters nor leading or trailing spaces. Absent numbers and
 * digests are "-", times are UTC with milliseconds, digests lowercase hex, flags true/false.
 */
final class EntryText {

    static final String ABSENT = "-";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    /** A copy of a digest field, checked for its length. */
    static byte[] digest(String key, byte[] digest, int bytes) {
        if (digest.length != bytes) {
            throw new IllegalArgumentException(key + " is " + bytes + " bytes, not " + digest.length);
        }
        return digest.clone();
    }

    /** Builds an entry line by line. */
    static final class Writer {
        private final StringBuilder text = new StringBuilder();

        Writer(String kind) {
            line("kind", kind);
        }

        Writer line(String key, String value) {
            if (value.isEmpty() || value.codePoints().anyMatch(c -> c < 0x20 || c == 0x7F) || !value.equals(value.strip())) {
                throw new IllegalArgumentException(key + ": an entry value is one non-empty line without control characters or outer spaces: '" + value + "'");
            }
            text.append(key).append(' ').append(value).append('\n');
            return this;
        }

        Writer number(String key, long n) {
            return line(key, Long.toString(n));
        }

        Writer number(String key, OptionalLong n) {
            return line(key, n.isPresent() ? Long.toString(n.getAsLong()) : ABSENT);
        }

        Writer hex(String key, byte[] digest) {
            return line(key, digest == null ? ABSENT : HEX.formatHex(digest));
        }

        Writer time(String key, Instant t) {
            return line(key, TIME.format(t));
        }

        Writer flag(String key, boolean b) {
            return line(key, Boolean.toString(b));
        }

        byte[] bytes() {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Reads an entry's lines in their fixed order; every value read must round-trip to its text. */
    static final class Reader {
        private final String[] lines;
        private int next;

        Reader(byte[] entry) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(entry)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("entry is not UTF-8", e);
            }
            if (!text.endsWith("\n")) {
                throw new IllegalArgumentException("entry does not end in a newline");
            }
            lines = text.substring(0, text.length() - 1).split("\n", -1);
        }

        String line(String key) {
            if (next >= lines.length || !lines[next].startsWith(key + " ")) {
                throw new IllegalArgumentException("entry line " + (next + 1) + " is not '" + key + " <value>'");
            }
            return lines[next++].substring(key.length() + 1);
        }

        long number(String key) {
            String v = line(key);
            if (!v.matches("0|[1-9][0-9]{0,18}")) {
                throw new IllegalArgumentException(key + " is not a decimal number: " + v);
            }
            return Long.parseLong(v);
        }

        OptionalLong optionalNumber(String key) {
            if (next < lines.length && lines[next].equals(key + " " + ABSENT)) {
                next++;
                return OptionalLong.empty();
            }
            return OptionalLong.of(number(key));
        }

        byte[] hex(String key, int bytes) {
            String v = line(key);
            if (!v.matches("[0-9a-f]{" + 2 * bytes + "}")) {
                throw new IllegalArgumentException(key + " is not " + bytes + " bytes of lowercase hex");
            }
            return HEX.parseHex(v);
        }

        byte[] optionalHex(String key, int bytes) {
            if (next < lines.length && lines[next].equals(key + " " + ABSENT)) {
                next++;
                return null;
            }
            return hex(key, bytes);
        }

        Instant time(String key) {
            String v = line(key);
            try {
                Instant t = Instant.parse(v);
                if (!TIME.format(t).equals(v)) {
                    throw new IllegalArgumentException(key + " is not yyyy-MM-ddTHH:mm:ss.SSSZ: " + v);
                }
                return t;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + " is not a time: " + v, e);
            }
        }

        boolean flag(String key) {
            String v = line(key);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException(key + " is not true or false: " + v);
            }
            return v.equals("true");
        }

        void end() {
            if (next != lines.length) {
                throw new IllegalArgumentException("entry has unexpected line " + (next + 1) + ": " + lines[next]);
            }
        }
    }

    private EntryText() {}
}
