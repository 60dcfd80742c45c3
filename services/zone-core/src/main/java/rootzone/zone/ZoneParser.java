package rootzone.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;

/** Parses RFC 1035 master files (optionally gzip) into a Zone with dnsjava's Master. */
public final class ZoneParser {

    /** Parses a file; its $ORIGIN or, failing that, the owner of its first SOA is the origin. */
    public static Zone parse(Path file, Name origin) throws ZoneException {
        try {
            return parse(Files.readAllBytes(file), origin, file.toString());
        } catch (IOException e) {
            throw new ZoneException(file + ": cannot read: " + e.getMessage(), 0, e);
        }
    }

    public static Zone parse(byte[] text, Name origin, String sourceName) throws ZoneException {
        try (InputStream in = maybeGunzip(text)) {
            List<Record> records = new ArrayList<>();
            Master master = origin == null ? new Master(in) : new Master(in, origin);
            master.expandGenerate(true);
            Record r;
            Name zoneOrigin = origin;
            while ((r = master.nextRecord()) != null) {
                if (zoneOrigin == null && r.getType() == org.xbill.DNS.Type.SOA) {
                    zoneOrigin = r.getName();
                }
                records.add(r);
            }
            if (zoneOrigin == null) {
                throw new ZoneException(sourceName + ": no SOA record and no origin given", 0, null);
            }
            return Zone.of(zoneOrigin, records);
        } catch (TextParseException e) {
            throw new ZoneException(sourceName + ": " + e.getMessage(), lineOf(e.getMessage()), e);
        } catch (IOException e) {
            throw new ZoneException(sourceName + ": " + e.getMessage(), lineOf(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new ZoneException(sourceName + ": unparsable: " + e, 0, e);
        }
    }

    private static InputStream maybeGunzip(byte[] text) throws IOException {
        InputStream in = new ByteArrayInputStream(text);
        if (text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in);
        }
        return in;
    }

    /** dnsjava reports "name:line: reason"; the line is the number after the first colon. */
    static int lineOf(String message) {
        if (message == null) {
            return 0;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+):").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private ZoneParser() {}
}
