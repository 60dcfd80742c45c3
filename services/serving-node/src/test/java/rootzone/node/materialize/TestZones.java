package rootzone.node.materialize;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import rootzone.zone.Zone;

/** Small synthetic zones of delegations (NS, glue, DS); {@code variant} changes a few of them. */
public final class TestZones {

    public static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Zone zone(String origin, long serial, int delegations, int variant) {
        Name o = name(origin);
        List<Record> records = new ArrayList<>();
        records.add(new SOARecord(o, DClass.IN, 86400, name("a.root-servers.net."), name("nstld.verisign-grs.com."),
                serial, 1800, 900, 604800, 86400));
        records.add(new NSRecord(o, DClass.IN, 518400, name("a.root-servers.net.")));
        for (int i = 0; i < delegations; i++) {
            Name tld = name("tld" + i + "." + origin);
            Name ns = name("ns1.tld" + i + "." + origin);
            records.add(new NSRecord(tld, DClass.IN, 172800, ns));
            records.add(new ARecord(ns, DClass.IN, 172800, ip4(i == variant % delegations ? i + 1000 * variant : i)));
            byte[] digest = new byte[32];
            digest[0] = (byte) i;
            digest[1] = (byte) (i >> 8);
            records.add(new DSRecord(tld, DClass.IN, 86400, i, 8, 2, digest));
        }
        if (variant > 0) {
            Name extra = name("new" + variant + "." + origin);
            records.add(new NSRecord(extra, DClass.IN, 172800, name("ns.example.")));
        }
        return Zone.of(o, records);
    }

    static InetAddress ip4(int i) {
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestZones() {}
}
