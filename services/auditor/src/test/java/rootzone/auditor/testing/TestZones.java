package rootzone.auditor.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import rootzone.auditor.index.IndexedVersion;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/** Small root-like zones generated for tests: apex SOA/NS/RRSIG, and per TLD NS, glue and DS. */
public final class TestZones {

    public static String text(long serial, Collection<String> tlds, int nsTtl) {
        return text(".", serial, tlds, nsTtl);
    }

    /** The same shape below any origin: "com" becomes com.ORIGIN. */
    public static String text(String origin, long serial, Collection<String> tlds, int nsTtl) {
        String apex = origin.equals(".") ? "." : origin;
        StringBuilder b = new StringBuilder();
        b.append(apex).append(" 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. ").append(serial)
                .append(" 1800 900 604800 86400\n");
        b.append(apex).append(" 518400 IN NS a.root-servers.net.\n");
        b.append(apex).append(" 518400 IN NS b.root-servers.net.\n");
        // The signature changes with every serial, as a re-signed SOA does.
        b.append(apex).append(" 86400 IN RRSIG SOA 8 0 86400 20991231000000 20240101000000 20326 . ")
                .append(java.util.Base64.getEncoder().encodeToString(("sig" + serial).getBytes(StandardCharsets.US_ASCII)))
                .append('\n');
        if (apex.equals(".")) {
            b.append("a.root-servers.net. 518400 IN A 198.41.0.4\n");
            b.append("b.root-servers.net. 518400 IN A 170.247.170.2\n");
        }
        for (String label : tlds) {
            String tld = apex.equals(".") ? label + "." : label + "." + apex;
            b.append(tld).append(" 172800 IN NS ns1.nic.").append(tld).append('\n');
            b.append(tld).append(" ").append(nsTtl).append(" IN NS ns2.nic.").append(tld).append('\n');
            b.append("ns1.nic.").append(tld).append(" 172800 IN A 192.0.2.").append(Math.abs(tld.hashCode() % 250) + 1).append('\n');
            b.append(tld).append(" 86400 IN DS 12345 8 2 ")
                    .append(String.format("%064x", Math.abs((long) tld.hashCode()))).append('\n');
        }
        return b.toString();
    }

    public static Zone zone(long serial, Collection<String> tlds, int nsTtl) {
        return zone(".", serial, tlds, nsTtl);
    }

    public static Zone zone(String origin, long serial, Collection<String> tlds, int nsTtl) {
        try {
            return ZoneParser.parse(text(origin, serial, tlds, nsTtl).getBytes(StandardCharsets.US_ASCII),
                    org.xbill.DNS.Name.fromString(origin, org.xbill.DNS.Name.root), "test");
        } catch (ZoneException | org.xbill.DNS.TextParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a publisher's ZoneVersionCommitted would state for {@code to} following {@code from}. */
    public static IndexedVersion info(Zone from, Zone to, Instant at, long offset) {
        ZoneDiff d = from == null ? new ZoneDiff(0, to.serial(), java.util.List.of(), to.records()) : ZoneDiff.between(from, to);
        return new IndexedVersion(to.serial(), from == null ? null : from.serial(), at, at, "test-publisher", "http", false,
                to.size(), d.removed().size(), d.added().size(), ContentDigest.of(to), null, 0, offset);
    }

    public static ZoneDiff delta(Zone from, Zone to) {
        return from == null ? new ZoneDiff(0, to.serial(), java.util.List.of(), to.records()) : ZoneDiff.between(from, to);
    }

    /**
     * 11 versions of the root: TLDs come and go, an NS TTL changes and changes back (the history the
     * index tests share).
     */
    public static java.util.List<Zone> changingHistory() {
        java.util.TreeSet<String> tlds = new java.util.TreeSet<>(java.util.List.of("com", "net", "org", "de"));
        int ttl = 172800;
        java.util.List<Zone> zones = new java.util.ArrayList<>();
        for (int v = 0; v < 11; v++) {
            switch (v) {
                case 2 -> tlds.add("zz" + v);
                case 3 -> ttl = 3600;
                case 5 -> { tlds.remove("de"); tlds.add("xn--p1ai"); }
                case 7 -> ttl = 172800;
                case 9 -> tlds.remove("zz2");
                default -> { }
            }
            zones.add(zone(2024010100L + v, tlds, ttl));
        }
        return zones;
    }

    /** The zones appended in order to an index of the root, version v committed at t0 + v hours, at offset v. */
    public static rootzone.auditor.index.HistoryIndex index(java.util.List<Zone> zones, int keyframeInterval, Instant t0)
            throws rootzone.auditor.index.InconsistentLogException {
        rootzone.auditor.index.HistoryIndex index = new rootzone.auditor.index.HistoryIndex(org.xbill.DNS.Name.root, keyframeInterval);
        for (int v = 0; v < zones.size(); v++) {
            Zone prev = v == 0 ? null : zones.get(v - 1);
            index.append(info(prev, zones.get(v), t0.plusSeconds(3600L * v), v), delta(prev, zones.get(v)));
        }
        return index;
    }

    private TestZones() {}
}
