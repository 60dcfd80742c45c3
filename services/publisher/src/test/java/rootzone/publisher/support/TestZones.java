package rootzone.publisher.support;

import java.util.Set;
import org.xbill.DNS.Name;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/** Small generated zones for tests: an apex, and delegations d0..dN-1 each with one in-bailiwick glue. */
public final class TestZones {

    /**
     * Master-file text of example. with the given serial and delegation count; the delegations in
     * {@code changed} get a different glue address, as a real change of those delegations would.
     */
    public static String text(String origin, long serial, int delegations, Set<Integer> changed) {
        StringBuilder b = new StringBuilder(64 * delegations + 256);
        b.append("$ORIGIN ").append(origin).append('\n');
        b.append("$TTL 3600\n");
        b.append("@ IN SOA ns1 hostmaster ").append(serial).append(" 60 30 86400 300\n");
        b.append("@ IN NS ns1\n");
        b.append("ns1 IN A 192.0.2.1\n");
        for (int i = 0; i < delegations; i++) {
            b.append("d").append(i).append(" IN NS ns.d").append(i).append('\n');
            int last = changed.contains(i) ? 200 : 100;
            b.append("ns.d").append(i).append(" IN A 198.51.").append(i % 250).append('.').append(last).append('\n');
        }
        return b.toString();
    }

    public static String text(long serial, int delegations) {
        return text("example.", serial, delegations, Set.of());
    }

    public static Zone parse(String text) {
        try {
            return ZoneParser.parse(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), null, "test");
        } catch (ZoneException e) {
            throw new AssertionError(e);
        }
    }

    public static Name name(String s) {
        try {
            return Name.fromString(s, Name.root);
        } catch (org.xbill.DNS.TextParseException e) {
            throw new AssertionError(e);
        }
    }

    private TestZones() {}
}
