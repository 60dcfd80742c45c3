package rootzone.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Parses RFC 1035 master files (optionally gzip) into a Zone with dnsjava's Master, remembering the
 * line each record starts on (see {@link Zone#lineOf}). $INCLUDE is refused: a zone arrives as one
 * file, and following paths named inside it would let its content read other files.
 */
public final class ZoneParser {

    private static final Pattern DNSJAVA_LOCATION = Pattern.compile("^.*?:(\\d+): ?");

    /** Parses a file; its $ORIGIN or, failing that, the owner of its first SOA is the origin. */
    public static Zone parse(Path file, Name origin) throws ZoneException {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ZoneException(file + ": cannot read: " + e.getMessage(), 0, e);
        }
        return parse(text, origin, file.toString());
    }

    public static Zone parse(byte[] text, Name origin, String sourceName) throws ZoneException {
        return parse(text, origin, sourceName, ZoneLimits.defaults());
    }

    /**
     * Parses within limits: the size is checked before (and while) decompressing, each $GENERATE
     * before it is expanded, the record count as records arrive.
     *
     * @throws ZoneTooLargeException when a limit is exceeded; nothing is kept
     */
    public static Zone parse(byte[] text, Name origin, String sourceName, ZoneLimits limits) throws ZoneException {
        return parse(text, origin, sourceName, limits, Runtime.getRuntime().availableProcessors(), PARALLEL_BYTES);
    }

    /**
     * As {@link #parse(byte[], Name, String, ZoneLimits)}, a file (once decompressed) of {@code minBytes}
     * or more in up to {@code parts} parts side by side, where {@link Split} finds cuts.
     */
    static Zone parse(byte[] text, Name origin, String sourceName, ZoneLimits limits, int parts, int minBytes) throws ZoneException {
        if (text.length > limits.maxBytes()) {
            throw new ZoneTooLargeException(sourceName + ": " + text.length + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes", 0);
        }
        byte[] plain;
        try {
            plain = maybeGunzip(text, limits.maxBytes(), sourceName);
        } catch (ZoneTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new ZoneException(sourceName + ": cannot decompress: " + e.getMessage(), 0, e);
        }
        Split split = Split.of(plain, plain.length >= minBytes ? parts : 1);
        Entries entries = split == null ? entries(plain, 0, plain.length, 0, origin, sourceName, limits) : entries(plain, split, origin,
                sourceName, limits);
        Name zoneOrigin = origin;
        for (int i = 0; zoneOrigin == null && i < entries.records().size(); i++) {
            if (entries.records().get(i).getType() == Type.SOA) {
                zoneOrigin = entries.records().get(i).getName();
            }
        }
        if (zoneOrigin == null) {
            throw new ZoneException(sourceName + ": no SOA record and no origin given", 0, null);
        }
        return Zone.of(zoneOrigin, entries.records(), entries.lines());
    }

    /** The records of a file in file order, each with the line its entry starts on. */
    private record Entries(List<Record> records, int[] lines) {}

    /** What parsing one part of a file gave: its entries, or the first error in it. */
    private sealed interface PartResult {
        record Parsed(Entries entries) implements PartResult {}

        record Failed(ZoneException error) implements PartResult {}
    }

    /**
     * Files from this size on are parsed in parts, side by side: Master reads a byte at a time and
     * builds a Record per line, about 2 s for a 1,000,000-record file, while the root zone's 1.4 MB
     * take tens of milliseconds either way.
     */
    static final int PARALLEL_BYTES = 8 << 20;

    /**
     * Where a file may be cut into parts that dnsjava's Master parses on their own with the same
     * result as the whole: each cut is at a line that stands alone (owner absolute, TTL and class
     * explicit: see {@link #standsAlone}), reached outside parentheses, quotes, a comment or an
     * escaped newline. RFC 1035 §5.1 defaults (owner, TTL, class) then come only from lines within the
     * part. A file with any $ directive ($ORIGIN, $TTL, $GENERATE) carries state across lines and is
     * not cut.
     *
     * @param offsets part i is bytes [offsets[i], offsets[i + 1])
     * @param linesBefore the lines of the file before part i
     */
    record Split(int[] offsets, int[] linesBefore) {
        /** At most {@code parts} parts of about equal size; null when the file may not be cut. */
        static Split of(byte[] text, int parts) {
            if (parts < 2) {
                return null;
            }
            long step = text.length / parts;
            int[] offsets = new int[parts + 1];
            int[] linesBefore = new int[parts + 1];
            int found = 1;
            long nextCut = step;
            int line = 0;
            EntryLexer lexer = new EntryLexer();
            boolean lineStart = true;
            for (int i = 0; i < text.length; i++) {
                int c = text[i] & 0xff;
                if (lineStart) {
                    lineStart = false;
                    boolean fresh = !lexer.joinsLines() && !lexer.escapedNewline();
                    int first = firstContent(text, i);
                    if (first < text.length && text[first] == '$' && fresh) {
                        return null;
                    }
                    if (fresh && i >= nextCut && found < parts && first == i && c != ';' && c != '\n' && c != '\r'
                            && standsAlone(lineAt(text, i))) {
                        offsets[found] = i;
                        linesBefore[found] = line;
                        found++;
                        nextCut = i + step;
                    }
                }
                if (lexer.step(c) == EntryLexer.Step.NEWLINE) {
                    line++;
                    lineStart = true;
                }
            }
            if (found < 2) {
                return null;
            }
            offsets[found] = text.length;
            return new Split(Arrays.copyOf(offsets, found + 1), Arrays.copyOf(linesBefore, found + 1));
        }

        int parts() {
            return offsets.length - 1;
        }

        /** The first byte of the line at {@code from} that is not a space or tab. */
        private static int firstContent(byte[] text, int from) {
            int i = from;
            while (i < text.length && (text[i] == ' ' || text[i] == '\t')) {
                i++;
            }
            return i;
        }

        private static String lineAt(byte[] text, int from) {
            int end = from;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            if (end > from && text[end - 1] == '\r') {
                end--;
            }
            return new String(text, from, end - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** The parts of a split file parsed side by side and joined in file order; the error is the first in the file. */
    private static Entries entries(byte[] text, Split split, Name origin, String sourceName, ZoneLimits limits) throws ZoneException {
        List<PartResult> results = IntStream.range(0, split.parts()).parallel().mapToObj(i -> {
            try {
                return (PartResult) new PartResult.Parsed(entries(text, split.offsets()[i], split.offsets()[i + 1],
                        split.linesBefore()[i], origin, sourceName, limits));
            } catch (ZoneException e) {
                return new PartResult.Failed(e);
            }
        }).toList();
        int total = 0;
        for (PartResult r : results) {
            if (r instanceof PartResult.Failed f) {
                throw f.error();
            }
            Entries e = ((PartResult.Parsed) r).entries();
            if (total + e.records().size() > limits.maxRecords()) {
                int line = e.lines()[(int) (limits.maxRecords() - total)];
                throw new ZoneTooLargeException(sourceName + ":" + line + ": more than the limit of " + limits.maxRecords()
                        + " records", line);
            }
            total += e.records().size();
        }
        List<Record> records = new ArrayList<>(total);
        int[] lines = new int[total];
        for (PartResult r : results) {
            Entries e = ((PartResult.Parsed) r).entries();
            System.arraycopy(e.lines(), 0, lines, records.size(), e.records().size());
            records.addAll(e.records());
        }
        return new Entries(records, lines);
    }

    /**
     * The records of bytes [from, to) of a file, as Master reads them from there.
     *
     * @param linesBefore the file's lines before {@code from}: lines are the file's, not the part's
     */
    private static Entries entries(byte[] text, int from, int to, int linesBefore, Name origin, String sourceName, ZoneLimits limits)
            throws ZoneException {
        long[] generated = {0};
        byte[] part = from == 0 && to == text.length ? text : Arrays.copyOfRange(text, from, to);
        EntryLineTracker in = new EntryLineTracker(part, linesBefore + 1, (count, line, directive) -> {
            generated[0] += count;
            if (count > limits.maxGenerate() || generated[0] > limits.maxGeneratedTotal()) {
                throw new LimitExceeded(new ZoneTooLargeException(sourceName + ":" + line + ": '" + directive
                        + "' would generate " + count + " records" + (generated[0] > count ? " (" + generated[0]
                        + " with the file's earlier $GENERATE lines)" : "") + ", more than the limit of "
                        + limits.maxGenerate() + " per $GENERATE and " + limits.maxGeneratedTotal() + " in all", line));
            }
        });
        List<Record> records = new ArrayList<>(Math.max(16, part.length / 55));
        int[] lines = new int[Math.max(16, part.length / 55)];
        try (Master master = origin == null ? new Master(in) : new Master(in, origin)) {
            master.expandGenerate(true);
            master.disableIncludes(true);
            Record r;
            while ((r = master.nextRecord()) != null) {
                if (records.size() >= limits.maxRecords()) {
                    throw new ZoneTooLargeException(sourceName + ":" + in.entryLine() + ": more than the limit of "
                            + limits.maxRecords() + " records", in.entryLine());
                }
                if (records.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[records.size()] = in.entryLine();
                records.add(r);
            }
        } catch (LimitExceeded e) {
            throw e.tooLarge;
        } catch (IOException e) {
            throw located(sourceName, e, in.entryLine(), linesBefore);
        } catch (RuntimeException e) {
            // dnsjava throws unchecked exceptions for some malformed RDATA (e.g. out-of-range fields)
            throw located(sourceName, e, in.entryLine(), linesBefore);
        }
        return new Entries(records, lines);
    }

    /** Owner absolute, TTL and class explicit (either order), no parentheses, no directive. */
    static boolean standsAlone(String line) {
        if (line.charAt(0) == '$' || line.indexOf('(') >= 0 || line.indexOf(')') >= 0) {
            return false;
        }
        // The first three fields, by hand: a regex split per line of 22,000 costs more than the rest.
        String[] t = new String[3];
        int at = 0;
        for (int k = 0; k < 3; k++) {
            int end = at;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                end++;
            }
            if (end == at || end == line.length()) {
                return false; // fewer than four fields
            }
            t[k] = line.substring(at, end);
            at = end;
            while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
                at++;
            }
        }
        if (at == line.length() || !t[0].endsWith(".") || t[0].endsWith("\\.")) {
            return false;
        }
        return (isTtl(t[1]) && isClass(t[2])) || (isClass(t[1]) && isTtl(t[2]));
    }

    private static boolean isTtl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty() && s.length() <= 10;
    }

    private static boolean isClass(String s) {
        return DClass.value(s) >= 0;
    }

    /** A ZoneException "source:line: reason", with dnsjava's own location replaced by ours. */
    static ZoneException located(String sourceName, Exception e, int entryLine) {
        return located(sourceName, e, entryLine, 0);
    }

    /** @param linesBefore the lines of the file before the bytes dnsjava read, whose line numbers are its own */
    private static ZoneException located(String sourceName, Exception e, int entryLine, int linesBefore) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        int line = lineOf(reason);
        Matcher m = DNSJAVA_LOCATION.matcher(reason);
        if (line > 0 && m.find()) {
            reason = reason.substring(m.end());
            line += linesBefore;
        } else {
            line = entryLine;
        }
        return new ZoneException(sourceName + ":" + line + ": " + reason, line, e);
    }

    /** Carries a limit hit inside dnsjava's reading (EntryLineTracker) out to the caller. */
    private static final class LimitExceeded extends RuntimeException {
        final ZoneTooLargeException tooLarge;

        LimitExceeded(ZoneTooLargeException tooLarge) {
            super(tooLarge.getMessage(), null, false, false);
            this.tooLarge = tooLarge;
        }
    }

    /** Gunzips at most maxBytes + 1 bytes, so a small gzip bomb is refused without being inflated whole. */
    private static byte[] maybeGunzip(byte[] text, long maxBytes, String sourceName) throws IOException, ZoneTooLargeException {
        if (text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(text))) {
                byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (out.length > maxBytes) {
                    throw new ZoneTooLargeException(sourceName + ": more than " + maxBytes
                            + " bytes once decompressed (the limit)", 0);
                }
                return out;
            }
        }
        return text;
    }

    /** dnsjava reports "name:line: reason"; the line is the number after the first colon. */
    static int lineOf(String message) {
        if (message == null) {
            return 0;
        }
        Matcher m = Pattern.compile(":(\\d+):").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private ZoneParser() {}
}
