package rootzone.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * The SOA serial of a zone file, read without parsing the whole file: Master stops at the first SOA,
 * which a zone file carries first (RFC 1035 §5.2). Ordering an archive needs only this.
 */
final class SoaSerial {

    static long of(InputStream raw, String source) throws ArchiveException {
        try (InputStream in = gunzipIfNeeded(raw)) {
            Master master = new Master(in, Name.root);
            Record r;
            while ((r = master.nextRecord()) != null) {
                if (r instanceof SOARecord soa) {
                    return soa.getSerial();
                }
            }
            throw new ArchiveException(source + ": no SOA record: not a zone file");
        } catch (IOException | RuntimeException e) {
            throw new ArchiveException(source + ": cannot read its SOA: " + e.getMessage(), e);
        }
    }

    private static InputStream gunzipIfNeeded(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in) : in;
    }

    private SoaSerial() {}
}
