package rootzone.eventlog;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import rootzone.zone.Zone;

/** Synthetic zones: a root-like zone of delegations with glue and DS, of any size. */
final class TestZones {

    static Name name(String s) {
        return Name.fromConstantString(s);
    }

    static SOARecord soa(Name origin, long serial) {
        return new SOARecord(origin, DClass.IN, 86400, name("a.root-servers.net."), name("nstld.verisign-grs.com."),
                serial, 1800, 900, 604800, 86400);
    }

    /**
     * A zone with an apex SOA and NS and {@code delegations} delegations of 2 NS, 1 A, 1 AAAA (glue)
     * and 1 DS each: 5 records per delegation. {@code variant} changes some of them, so two variants
     * differ in a few records. Mixed-case owner names check that case survives.
     */
    static Zone rootLike(long serial, int delegations, int variant) {
        return zone(Name.root, serial, delegations, variant);
    }

    /** As {@link #rootLike} under another origin, so tests sharing one broker use separate zones. */
    static Zone zone(Name origin, long serial, int delegations, int variant) {
        List<Record> records = new ArrayList<>(delegations * 5 + 3);
        records.add(soa(origin, serial));
        records.add(new NSRecord(origin, DClass.IN, 518400, name("a.root-servers.net.")));
        records.add(new ARecord(name("a.root-servers.net."), DClass.IN, 518400, ip4(1)));
        for (int i = 0; i < delegations; i++) {
            Name tld = under((i % 7 == 0 ? "TLD" : "tld") + i, origin);
            Name ns1 = under("ns1.tld" + i, origin);
            Name ns2 = name("ns2.nic" + (i % 97) + ".example.");
            long ttl = (variant > 0 && i % 1000 == variant % 1000) ? 86400 : 172800;
            records.add(new NSRecord(tld, DClass.IN, ttl, ns1));
            records.add(new NSRecord(tld, DClass.IN, ttl, ns2));
            records.add(new ARecord(ns1, DClass.IN, 172800, ip4(variant > 0 && i % 500 == variant % 500 ? i + variant : i)));
            records.add(new AAAARecord(ns1, DClass.IN, 172800, ip6(i)));
            records.add(new DSRecord(tld, DClass.IN, 86400, i & 0xFFFF, 8, 2, digest(i)));
        }
        return Zone.of(origin, records);
    }

    static Name under(String relative, Name origin) {
        try {
            return Name.fromString(relative, origin);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static java.net.InetAddress ip4(int i) {
        try {
            return java.net.InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.net.InetAddress ip6(int i) {
        byte[] b = new byte[16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = (byte) 0xb8;
        b[12] = (byte) (i >> 24);
        b[13] = (byte) (i >> 16);
        b[14] = (byte) (i >> 8);
        b[15] = (byte) i;
        try {
            return java.net.InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(int i) {
        byte[] d = new byte[32];
        for (int k = 0; k < d.length; k++) {
            d[k] = (byte) (i * 31 + k);
        }
        return d;
    }

    private TestZones() {}
}
