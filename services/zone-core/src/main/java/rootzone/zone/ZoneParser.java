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
        EntryLineTracker in;
        try {
            in = new EntryLineTracker(maybeGunzip(text));
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
                if (records.size() == lines.length) {
                    lines = Arrays.copyOf(lines, lines.length * 2);
                }
                lines[records.size()] = in.entryLine();
                records.add(r);
            }
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

    private static byte[] maybeGunzip(byte[] text) throws IOException {
        if (text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(text))) {
                return in.readAllBytes();
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
