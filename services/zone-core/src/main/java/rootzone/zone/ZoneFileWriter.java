package rootzone.zone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.xbill.DNS.Record;

/** Writes a zone as an RFC 1035 master file: one record a line, canonical order, absolute names. */
public final class ZoneFileWriter {

    public static void write(Zone zone, Writer out) {
        try {
            for (Record r : zone.records()) {
                out.write(r.toString());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toText(Zone zone) {
        java.io.StringWriter w = new java.io.StringWriter(zone.size() * 64);
        write(zone, w);
        return w.toString();
    }

    private ZoneFileWriter() {}
}
