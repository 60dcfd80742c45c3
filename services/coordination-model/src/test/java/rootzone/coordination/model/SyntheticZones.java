package rootzone.coordination.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.xbill.DNS.Name;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/** Small root-like zones for detection tests, from master-file text. */
final class SyntheticZones {

    /** A deterministic fake RSA public key in base64 (detection only compares and tags keys). */
    static String key(int seed) {
        byte[] b = new byte[132];
        new Random(seed).nextBytes(b);
        b[0] = 3; // RFC 3110 exponent length, then exponent and modulus
        return Base64.getEncoder().encodeToString(b);
    }

    static final String BASE = """
            . 518400 IN NS a.root-servers.net.
            . 518400 IN NS b.root-servers.net.
            a.root-servers.net. 518400 IN A 198.41.0.4
            a.root-servers.net. 518400 IN AAAA 2001:503:ba3e::2:30
            b.root-servers.net. 518400 IN A 199.9.14.201
            b.root-servers.net. 518400 IN AAAA 2001:500:200::b
            com. 172800 IN NS a.gtld-servers.net.
            a.gtld-servers.net. 172800 IN A 192.5.6.30
            """;

    static Zone zone(long serial, String... lines) {
        return zoneFrom(BASE, serial, lines);
    }

    static Zone zoneFrom(String base, long serial, String... lines) {
        StringBuilder text = new StringBuilder(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. " + serial
                + " 1800 900 604800 86400\n");
        text.append(base);
        for (String l : lines) {
            text.append(l).append('\n');
        }
        try {
            return ZoneParser.parse(text.toString().getBytes(StandardCharsets.US_ASCII), Name.root, "synthetic-" + serial);
        } catch (rootzone.zone.ZoneException e) {
            throw new IllegalStateException(e);
        }
    }

    static String dnskey(int flags, int seed) {
        return ". 172800 IN DNSKEY " + flags + " 3 8 " + key(seed);
    }

    private SyntheticZones() {}
}
