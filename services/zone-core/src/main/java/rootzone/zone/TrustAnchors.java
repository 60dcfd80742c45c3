package rootzone.zone;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Reads trust anchors: DS and/or DNSKEY records in master-file format (as dig or ldns-key2ds print them). */
public final class TrustAnchors {

    public static List<Record> read(Path file) throws ZoneException {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ZoneException(file + ": cannot read: " + e.getMessage(), 0, e);
        }
        List<Record> anchors = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text), Name.root)) {
            master.disableIncludes(true);
            Record r;
            while ((r = master.nextRecord()) != null) {
                if (!(r instanceof DSRecord) && !(r instanceof DNSKEYRecord)) {
                    throw new ZoneException(file + ": " + Type.string(r.getType()) + " record for " + r.getName()
                            + " is not a trust anchor (DS or DNSKEY)", 0, null);
                }
                anchors.add(r);
            }
        } catch (IOException | RuntimeException e) {
            throw new ZoneException(file + ": " + e.getMessage(), ZoneParser.lineOf(e.getMessage()), e);
        }
        if (anchors.isEmpty()) {
            throw new ZoneException(file + ": no DS or DNSKEY record", 0, null);
        }
        return List.copyOf(anchors);
    }

    private TrustAnchors() {}
}
