package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import rootzone.zone.RRset;
import rootzone.zone.Zone;

/**
 * Correctness against a peer: the same zone served by NSD and by this engine, the same queries to
 * both, every difference fails (see PeerComparison for what is compared and the documented exception).
 */
class NsdComparisonTest {

    @TempDir
    Path tmp;

    @Test
    void generatedSignedRootZoneAnswersLikeNsd() throws Exception {
        Path zoneFile = DnsTestSupport.signedRootZone(tmp);
        compareWithNsd(zoneFile, Integer.MAX_VALUE);
    }

    @Test
    void realRootZoneAnswersLikeNsd() throws Exception {
        // Real data from ../shared: its RRSIGs are stripped except at the apex (SOA, DNSKEY), so NSD
        // treats it as signed and adds the unsigned NSEC records with DO; the engine must do the same.
        Path zoneFile = DnsTestSupport.realRootZone(tmp);
        compareWithNsd(zoneFile, 60);
    }

    private void compareWithNsd(Path zoneFile, int delegationSample) throws Exception {
        Zone zone = DnsTestSupport.parse(zoneFile);
        List<PeerComparison.Case> cases = cases(zone, delegationSample);
        ServedZone served = new ServedZone();
        served.switchTo(zone);
        try (NsdServer nsd = NsdServer.start(zoneFile, tmp.resolve("nsd"));
             DnsServer ours = new DnsServer(served, AnswerConfig.defaults(
                     new NodeIdentity(NsdServer.IDENTITY, NsdServer.IDENTITY, null)), new QueryStats(), null,
                     new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 2, 16, Duration.ofSeconds(5)))) {
            ours.start();
            List<String> diffs = PeerComparison.compare(nsd.port, ours.port(), cases);
            assertTrue(diffs.isEmpty(), diffs.size() + " differences in " + cases.size() + " queries, first ones:\n"
                    + diffs.stream().limit(25).collect(Collectors.joining("\n")));
        }
    }

    /**
     * Apex types; delegations (signed and not) with NS/DS/A/ANY; glue names; names under
     * delegations; non-existent names around real ones; each with and without EDNS, DO, at 512/1232/
     * 4096 bytes, a third in 0x20 mixed case, some over TCP, some with CD; CHAOS and EDNS errors.
     */
    static List<PeerComparison.Case> cases(Zone zone, int delegationSample) {
        Random random = new Random(42);
        List<PeerComparison.Case> cases = new ArrayList<>();
        List<Name> cuts = zone.delegations().stream().sorted().collect(Collectors.toList());
        int step = Math.max(1, cuts.size() / Math.min(delegationSample, cuts.size()));
        List<Name> sample = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i += step) {
            sample.add(cuts.get(i));
        }
        for (String must : new String[] {"com.", "net.", "org.", "arpa.", "big.", "huge.", "plain1.", "outside."}) {
            Name n = Name.fromConstantString(must);
            if (cuts.contains(n) && !sample.contains(n)) {
                sample.add(n);
            }
        }
        List<Name> glue = new ArrayList<>();
        for (RRset set : zone.rrsets()) {
            if ((set.type() == Type.A || set.type() == Type.AAAA) && zone.delegationFor(set.name()).isPresent()
                    && !glue.contains(set.name()) && (glue.size() < 25 || set.name().toString().endsWith("root-servers.net."))) {
                glue.add(set.name());
            }
        }
        Name root = Name.root;
        int[] apexTypes = {Type.SOA, Type.NS, Type.DNSKEY, Type.ZONEMD, Type.NSEC, Type.RRSIG, Type.ANY, Type.A,
                Type.AAAA, Type.DS, Type.TXT, Type.MX, Type.CAA};
        for (int t : apexTypes) {
            all(cases, root, t, random);
        }
        for (Name cut : sample) {
            for (int t : new int[] {Type.NS, Type.DS, Type.A, Type.ANY}) {
                all(cases, cut, t, random);
            }
            some(cases, concat("www", cut), Type.A, random);
            some(cases, concat("a.b.c", cut), Type.DS, random);
            some(cases, Name.fromConstantString(cut.getLabelString(0) + "-nx."), Type.A, random);
            some(cases, Name.fromConstantString(cut.getLabelString(0) + "0."), Type.NS, random);
        }
        for (Name g : glue) {
            some(cases, g, Type.A, random);
            some(cases, g, Type.AAAA, random);
            some(cases, g, Type.ANY, random);
        }
        for (String nx : new String[] {"nonexistent.", "zzzzzzz.", "0.", "-.", "*.", "a.b.c.d.e.nonexistent.",
                "xn--nonexistent-abc.", "aaaaaa-before-everything."}) {
            all(cases, Name.fromConstantString(nx), Type.A, random);
            some(cases, Name.fromConstantString(nx), Type.DS, random);
        }
        for (PeerComparison.Mode m : PeerComparison.UDP_MODES) {
            cases.add(new PeerComparison.Case(root, Type.SOA, DClass.IN, new PeerComparison.Mode(m.payload(), m.dnssecOk(), true, false), 0));
        }
        PeerComparison.Mode edns = new PeerComparison.Mode(1232, false, false, false);
        PeerComparison.Mode plain = new PeerComparison.Mode(0, false, false, false);
        for (PeerComparison.Mode m : List.of(edns, plain)) {
            cases.add(new PeerComparison.Case(Name.fromConstantString("id.server."), Type.TXT, DClass.CH, m, 0));
            cases.add(new PeerComparison.Case(Name.fromConstantString("hostname.bind."), Type.TXT, DClass.CH, m, 0));
            cases.add(new PeerComparison.Case(Name.fromConstantString("version.bind."), Type.TXT, DClass.CH, m, 0));
            cases.add(new PeerComparison.Case(Name.fromConstantString("id.server."), Type.SOA, DClass.CH, m, 0));
        }
        cases.add(new PeerComparison.Case(root, Type.SOA, DClass.IN, edns, 1));
        cases.add(new PeerComparison.Case(root, Type.SOA, DClass.IN, new PeerComparison.Mode(1232, true, false, false), 3));
        return cases;
    }

    private static Name concat(String prefix, Name suffix) {
        return Name.fromConstantString(prefix + "." + (suffix.equals(Name.root) ? "" : suffix.toString()));
    }

    /** Every UDP mode, plus TCP with DO; a third of the queries in mixed case. */
    private static void all(List<PeerComparison.Case> cases, Name name, int type, Random random) {
        for (PeerComparison.Mode m : PeerComparison.UDP_MODES) {
            cases.add(new PeerComparison.Case(random.nextInt(3) == 0 ? PeerComparison.mixCase(name, random) : name,
                    type, DClass.IN, m, 0));
        }
        cases.add(new PeerComparison.Case(name, type, DClass.IN, new PeerComparison.Mode(4096, true, false, true), 0));
    }

    /** Two UDP modes (plain 512 and DO 1232) picked to exercise truncation and DNSSEC, occasionally TCP. */
    private static void some(List<PeerComparison.Case> cases, Name name, int type, Random random) {
        Name n = random.nextInt(3) == 0 ? PeerComparison.mixCase(name, random) : name;
        cases.add(new PeerComparison.Case(n, type, DClass.IN, PeerComparison.UDP_MODES.get(0), 0));
        cases.add(new PeerComparison.Case(n, type, DClass.IN, PeerComparison.UDP_MODES.get(4), 0));
        cases.add(new PeerComparison.Case(n, type, DClass.IN, PeerComparison.UDP_MODES.get(2), 0));
        if (random.nextInt(5) == 0) {
            cases.add(new PeerComparison.Case(n, type, DClass.IN, new PeerComparison.Mode(0, false, false, true), 0));
        }
    }
}
