package rootzone.publisher.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.xfr.Primary;
import rootzone.zone.TsigKey;
import rootzone.zone.TrustAnchors;
import rootzone.zone.VersionPolicy;
import rootzone.zone.ZoneException;

/** One configured zone, validated and converted from configuration into the types the service uses. */
public record ZoneSettings(String key, Name origin, ZonePolicy policy, Optional<Path> dropDir,
        Optional<Primary> primary, java.time.Duration minRefresh) {

    /** @throws IllegalArgumentException naming the offending key when the configuration is unusable */
    public static ZoneSettings from(String key, PublisherConfig.ZoneConfig c) {
        String prefix = "rootzone.publisher.zones." + key + ".";
        Name origin;
        try {
            origin = Name.fromString(c.origin(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(prefix + "origin: " + e.getMessage(), e);
        }
        List<Record> anchor = c.trustAnchor().map(p -> readTrustAnchor(prefix, p, origin)).orElse(List.of());
        ZonePolicy policy;
        try {
            if (c.zonemd().strip().equalsIgnoreCase("ignore")) {
                // A node refuses a ZONEMD that does not verify whatever its configuration: a publisher
                // that ignored it would report "published" for a version no node serves (issue 10).
                throw new IllegalArgumentException("zonemd=ignore is no longer a live policy (every node verifies a "
                        + "present ZONEMD); use verify-if-present or require; archives are imported with the "
                        + "documented 'zonemd' relaxation");
            }
            policy = new ZonePolicy(new VersionPolicy(enumOf(VersionPolicy.Zonemd.class, prefix + "zonemd", c.zonemd()),
                    enumOf(VersionPolicy.Dnssec.class, prefix + "dnssec", c.dnssec()), anchor, java.util.Set.of()),
                    c.blastRadius());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "*: " + e.getMessage(), e);
        }
        Optional<Primary> primary = c.primary().map(p -> {
            try {
                InetAddress address = literalAddress(p.address());
                return new Primary(new InetSocketAddress(address, p.port()),
                        p.tsig().map(t -> TsigKey.of(t.algorithm(), t.name(), t.secret())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "primary: " + e.getMessage(), e);
            }
        });
        java.time.Duration minRefresh = c.primary().map(PublisherConfig.PrimaryConfig::minRefresh)
                .orElse(java.time.Duration.ofSeconds(5));
        return new ZoneSettings(key, origin, policy, c.dropDir(), primary, minRefresh);
    }

    /** An IP literal only: resolving a host name would send a DNS query through the system resolver. */
    public static InetAddress literalAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown value '" + value + "', expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT).replace('_', '-'));
        }
    }

    /** DS or DNSKEY records of the origin (zone-core TrustAnchors); anything else is a configuration error. */
    static List<Record> readTrustAnchor(String prefix, Path file, Name origin) {
        List<Record> records;
        try {
            records = TrustAnchors.read(file);
        } catch (ZoneException e) {
            throw new IllegalArgumentException(prefix + "trust-anchor: " + e.getMessage(), e);
        }
        for (Record r : records) {
            if (!r.getName().equals(origin)) {
                throw new IllegalArgumentException(prefix + "trust-anchor " + file + ": " + r.getName()
                        + " is not the zone's origin " + origin);
            }
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(prefix + "trust-anchor " + file + " holds no DS or DNSKEY record");
        }
        return records;
    }
}
