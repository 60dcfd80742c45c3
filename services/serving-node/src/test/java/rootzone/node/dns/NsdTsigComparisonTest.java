package rootzone.node.dns;

import rootzone.zone.TsigKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import rootzone.zone.Zone;

/**
 * TSIG on ordinary queries against NSD (RFC 8945 §5): NSD and the engine hold the same key and serve
 * the same signed zone; the same signed queries (the NsdComparisonTest set) must get the same answers,
 * both signed and verifiable; a key neither has, a wrong secret, a time outside the fudge and TSIG
 * records that do not parse must get the same errors. Plus dig/kdig -y against the engine.
 */
class NsdTsigComparisonTest {

    @TempDir
    static Path tmp;
    static NsdServer nsd;
    static DnsServer ours;
    static List<PeerComparison.Case> cases;
    static final String KEY_SPEC = "hmac-sha256:q-key.:" + QueryTsigTest.SECRET;

    @BeforeAll
    static void start() throws Exception {
        Path zoneFile = DnsTestSupport.signedRootZone(tmp);
        Zone zone = DnsTestSupport.parse(zoneFile);
        cases = NsdComparisonTest.cases(zone, Integer.MAX_VALUE);
        nsd = NsdServer.start(zoneFile, tmp.resolve("nsd"), "key:\n  name: \"q-key.\"\n  algorithm: hmac-sha256\n"
                + "  secret: \"" + QueryTsigTest.SECRET + "\"\n");
        ServedZone served = new ServedZone();
        served.switchTo(zone);
        QueryTsig keys = new QueryTsig(List.of(new TsigKey(TSIG.HMAC_SHA256, QueryTsigTest.KEY_NAME,
                QueryTsigTest.SECRET)), Clock.systemUTC());
        ours = new DnsServer(served, AnswerConfig.defaults(new NodeIdentity(NsdServer.IDENTITY, NsdServer.IDENTITY, null))
                .withTsig(keys), new QueryStats(), null,
                new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 2, 16, Duration.ofSeconds(5)));
        ours.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    @Test
    void signedQueriesWithTheSharedKeyAreAnsweredAndSignedLikeNsd() throws Exception {
        assertNoDifferences(cases, QueryTsigTest.clientKey(QueryTsigTest.SECRET));
    }

    @Test
    void unknownKeysAndWrongSecretsGetNsdsErrors() throws Exception {
        List<PeerComparison.Case> some = errorCases();
        // BADKEY: a key name neither server has
        assertNoDifferences(some, QueryTsigTest.clientKey(TSIG.HMAC_SHA256, Name.fromConstantString("other-key."),
                QueryTsigTest.SECRET, Clock.systemUTC()));
        // BADSIG: the right name, another secret
        assertNoDifferences(some, QueryTsigTest.clientKey(QueryTsigTest.OTHER_SECRET));
    }

    /**
     * A query signed an hour ago (fudge 300 s): BADTIME from both, with the server's time as other
     * data. The documented difference: NSD 4.6 sends it unsigned; RFC 8945 §5.2.3 says the BADTIME
     * response MUST be signed with the request's key, and ours is, verifiably (32 bytes more).
     */
    @Test
    void aTimeOutsideTheFudgeGetsBadTimeSigned() throws Exception {
        TSIG skewed = QueryTsigTest.clientKey(TSIG.HMAC_SHA256, QueryTsigTest.KEY_NAME, QueryTsigTest.SECRET,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        List<String> diffs = new ArrayList<>();
        int id = 500;
        for (PeerComparison.Case c : errorCases()) {
            byte[] q = c.signedWire(id++, skewed);
            byte[] a = exchange(nsd.port, q, c.mode().tcp());
            byte[] b = exchange(ours.port(), q, c.mode().tcp());
            Message ma = new Message(a);
            Message mb = new Message(b);
            if (ma.getTSIG() == null || ma.getTSIG().getError() != Rcode.BADTIME || ma.getTSIG().getOther().length != 6) {
                diffs.add(c + ": NSD sent " + summary(ma));
            }
            if (mb.getTSIG() == null || mb.getTSIG().getError() != Rcode.BADTIME || mb.getTSIG().getOther().length != 6
                    || mb.getTSIG().getSignature().length != 32) {
                diffs.add(c + ": we sent " + summary(mb) + " " + mb.getTSIG());
            } else if (skewed.verify(new Message(b), b, new Message(q).getTSIG()) != Rcode.NOERROR) {
                diffs.add(c + ": our BADTIME response does not verify");
            }
            ma.removeRecord(ma.getTSIG(), org.xbill.DNS.Section.ADDITIONAL);
            mb.removeRecord(mb.getTSIG(), org.xbill.DNS.Section.ADDITIONAL);
            for (String d : PeerComparison.diff(ma, mb, c.mode().cd())) {
                diffs.add(c + ": " + d);
            }
            if (a.length + 32 != b.length) {
                diffs.add(c + ": size " + a.length + " (NSD, unsigned) vs " + b.length);
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
    }

    /** Queries without CD (NSD keeps CD in NOTAUTH as we do; it only clears it in answers). */
    private static List<PeerComparison.Case> errorCases() {
        return cases.stream().filter(c -> c.ednsVersion() == 0).limit(40).toList();
    }

    private static byte[] exchange(int port, byte[] q, boolean tcp) throws Exception {
        return tcp ? DnsTestSupport.tcp(port, List.of(q)).get(0) : DnsTestSupport.udp(port, q, 2000);
    }

    /**
     * The documented difference (docs/dns-behaviour.md): NSD 4.6 finds a key by name alone and checks
     * the MAC with the algorithm the query names; RFC 8945 §5.2.1 wants BADKEY for an algorithm the
     * key does not have, which is what we answer.
     */
    @Test
    void theKeysNameWithAnotherAlgorithmIsBadKey() throws Exception {
        TSIG sha512 = QueryTsigTest.clientKey(TSIG.HMAC_SHA512, QueryTsigTest.KEY_NAME, QueryTsigTest.SECRET,
                Clock.systemUTC());
        PeerComparison.Case soa = new PeerComparison.Case(Name.root, Type.SOA, DClass.IN, PeerComparison.UDP_MODES.get(3), 0);
        Message r = new Message(DnsTestSupport.udp(ours.port(), soa.signedWire(77, sha512), 2000));
        assertEquals(Rcode.NOTAUTH, r.getRcode());
        assertEquals(Rcode.BADKEY, r.getTSIG().getError());
    }

    /**
     * Every byte of the TSIG RDATA set to 0xff in turn, and the query cut short: the same rcode and
     * TSIG error as NSD. One documented difference: a changed time signed is BADTIME for NSD 4.6,
     * which checks the time first, and BADSIG for us, which checks the MAC first as RFC 8945 §5.2
     * orders it (§5.2.2 before §5.2.3); the time is under the MAC, so the MAC fails.
     */
    @Test
    void tsigRecordsThatDoNotParseOrVerifyGetWhatNsdSends() throws Exception {
        List<String> diffs = new ArrayList<>();
        byte[] good = new PeerComparison.Case(Name.root, Type.SOA, DClass.IN, PeerComparison.UDP_MODES.get(3), 0)
                .signedWire(99, QueryTsigTest.clientKey(QueryTsigTest.SECRET));
        int tsigStart = good.length - new Message(good).getTSIG().toWire(org.xbill.DNS.Section.ADDITIONAL).length;
        int rdlength = tsigStart + QueryTsigTest.KEY_NAME.length() + 8;
        int timeSigned = rdlength + 2 + TSIG.HMAC_SHA256.length();
        int tried = 0;
        for (int at = rdlength; at <= good.length; at++) {
            byte[] q;
            if (at == good.length) {
                q = java.util.Arrays.copyOf(good, good.length - 1); // one byte short
            } else {
                q = good.clone();
                if (q[at] == (byte) 0xff) {
                    continue;
                }
                q[at] = (byte) 0xff;
            }
            tried++;
            byte[] a = DnsTestSupport.udp(nsd.port, q, 2000);
            byte[] b = DnsTestSupport.udp(ours.port(), q, 2000);
            if ((a == null) != (b == null)) {
                diffs.add("byte " + (at - rdlength) + " of the RDATA: " + (a == null ? "NSD sent nothing" : "we sent nothing"));
                continue;
            }
            if (a == null) {
                continue;
            }
            String na = summary(new Message(a));
            String nb = summary(new Message(b));
            boolean timeByte = at >= timeSigned && at < timeSigned + 6;
            if (!na.equals(nb) && !(timeByte && na.equals("NOTAUTH/BADTIME") && nb.equals("NOTAUTH/BADSIG"))) {
                diffs.add("byte " + (at - rdlength) + " of the RDATA: NSD " + na + " vs ours " + nb);
            }
        }
        assertTrue(diffs.isEmpty(), diffs.size() + " of " + tried + " differ:\n" + String.join("\n", diffs));
    }

    @Test
    void digAndKdigVerifyOurSignedAnswers() throws Exception {
        DnsTestSupport.assumeTool("dig");
        DnsTestSupport.assumeTool("kdig");
        String port = Integer.toString(ours.port());
        String dig = DnsTestSupport.run(tmp, "dig", "@127.0.0.1", "-p", port, "-y", KEY_SPEC, "com.", "NS", "+norec", "+dnssec");
        assertTrue(dig.contains("status: NOERROR") && dig.contains("TSIG PSEUDOSECTION"), dig);
        assertFalse(dig.contains("Couldn't verify") || dig.contains("WARNING -- Some TSIG"), dig);
        String tcp = DnsTestSupport.run(tmp, "dig", "@127.0.0.1", "-p", port, "-y", KEY_SPEC, ".", "DNSKEY", "+tcp", "+norec");
        assertTrue(tcp.contains("status: NOERROR") && !tcp.contains("Couldn't verify"), tcp);
        String kdig = DnsTestSupport.run(tmp, "kdig", "@127.0.0.1", "-p", port, "-y", KEY_SPEC, "nonexistent.", "A", "+dnssec");
        assertTrue(kdig.contains("status: NXDOMAIN") && kdig.contains("NOERROR 0"), kdig);
        assertFalse(kdig.contains("failed to verify"), kdig);
        String unknown = DnsTestSupport.run(tmp, "dig", "@127.0.0.1", "-p", port, "-y",
                "hmac-sha256:unknown-key.:" + QueryTsigTest.SECRET, ".", "SOA", "+norec");
        assertTrue(unknown.contains("status: NOTAUTH") && unknown.contains("BADKEY"), unknown);
    }

    private static void assertNoDifferences(List<PeerComparison.Case> queries, TSIG key) throws Exception {
        List<String> diffs = PeerComparison.compare(nsd.port, ours.port(), queries, key);
        assertTrue(diffs.isEmpty(), diffs.size() + " differences in " + queries.size() + " signed queries, first ones:\n"
                + diffs.stream().limit(25).collect(Collectors.joining("\n")));
    }

    private static String summary(Message m) {
        return Rcode.string(m.getRcode()) + (m.getTSIG() != null ? "/" + Rcode.TSIGstring(m.getTSIG().getError()) : "");
    }
}
