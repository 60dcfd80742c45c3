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

/**
 * Reads trust anchors: DS and/or DNSKEY records in master-file format, as dig, ldns-key2ds or
 * dnssec-dsfromkey print them (a missing TTL is allowed: anchors have none that matters).
 */
public final class TrustAnchors {

    public static List<Record> read(Path file) throws ZoneException {
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ZoneException(file + ": cannot read: " + e.getMessage(), 0, e);
        }
        List<Record> anchors = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text), Name.root, 0)) {
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
            throw ZoneParser.located(file.toString(), e, 0);
        }
        if (anchors.isEmpty()) {
            throw new ZoneException(file + ": no DS or DNSKEY record", 0, null);
        }
        return List.copyOf(anchors);
    }

    private TrustAnchors() {}
}
