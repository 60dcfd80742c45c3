package rootzone.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
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
        if (text.length > limits.maxBytes()) {
            throw new ZoneTooLargeException(sourceName + ": " + text.length + " bytes, more than the limit of "
                    + limits.maxBytes() + " bytes", 0);
        }
        long[] generated = {0};
        EntryLineTracker in;
        try {
            in = new EntryLineTracker(maybeGunzip(text, limits.maxBytes(), sourceName), (count, line, directive) -> {
                generated[0] += count;
                if (count > limits.maxGenerate() || generated[0] > limits.maxGeneratedTotal()) {
                    throw new LimitExceeded(new ZoneTooLargeException(sourceName + ":" + line + ": '" + directive
                            + "' would generate " + count + " records" + (generated[0] > count ? " (" + generated[0]
                            + " with the file's earlier $GENERATE lines)" : "") + ", more than the limit of "
                            + limits.maxGenerate() + " per $GENERATE and " + limits.maxGeneratedTotal() + " in all", line));
                }
            });
        } catch (ZoneTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new ZoneException(sourceName + ": cannot decompress: " + e.getMessage(), 0, e);
        }
        List<Record> records = new ArrayList<>(Math.max(16, text.length / 55));
        int[] lines = new int[Math.max(16, text.length / 55)];
        Name zoneOrigin = origin;
        try (Master master = origin == null ? new Master(in) : new Master(in, origin)) {
            master.expandGenerate(true);
            master.disableIncludes(true);
            Record r;
            while ((r = master.nextRecord()) != null) {
                if (zoneOrigin == null && r.getType() == Type.SOA) {
                    zoneOrigin = r.getName();
                }
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
            throw located(sourceName, e, in.entryLine());
        } catch (RuntimeException e) {
            // dnsjava throws unchecked exceptions for some malformed RDATA (e.g. out-of-range fields)
            throw located(sourceName, e, in.entryLine());
        }
        if (zoneOrigin == null) {
            throw new ZoneException(sourceName + ": no SOA record and no origin given", 0, null);
        }
        return Zone.of(zoneOrigin, records, lines);
    }

    /** A ZoneException "source:line: reason", with dnsjava's own location replaced by ours. */
    static ZoneException located(String sourceName, Exception e, int entryLine) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        int line = lineOf(reason);
        Matcher m = DNSJAVA_LOCATION.matcher(reason);
        if (line > 0 && m.find()) {
            reason = reason.substring(m.end());
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
