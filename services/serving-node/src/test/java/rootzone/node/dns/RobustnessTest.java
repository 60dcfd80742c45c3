package rootzone.node.dns;

import rootzone.zone.TsigKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets: the engine never throws, never answers a non-query or a runt, never
 * sends more than the query allows (512 without EDNS, else the smaller of its payload and ours), and
 * every response parses and carries the query's ID; the seeds include signed queries (TSIG). Then the
 * same over a real socket.
 */
class RobustnessTest {

    @TempDir
    static Path tmp;
    static ServedZone served = new ServedZone();
    static List<byte[]> seeds = new ArrayList<>();

    @BeforeAll
    static void zone() throws Exception {
        served.switchTo(DnsTestSupport.parse(DnsTestSupport.signedRootZone(tmp)));
        String[] names = {".", "com.", "www.big.", "huge.", "nonexistent.", "a.root-servers.net.", "signed3.", "id.server."};
        int[] types = {Type.SOA, Type.NS, Type.DNSKEY, Type.DS, Type.ANY, Type.A, Type.TXT, Type.AXFR, Type.IXFR};
        for (String n : names) {
            for (int t : types) {
                for (int payload : new int[] {0, 100, 512, 1232, 4096, 65535}) {
                    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(n), t,
                            n.startsWith("id.") ? DClass.CH : DClass.IN));
                    if (payload > 0) {
                        m.addRecord(new OPTRecord(payload, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
                    }
                    seeds.add(m.toWire());
                    // the same signed: mutations then hit the TSIG parser and verifier
                    m.setTSIG(payload % 2 == 0 ? QueryTsigTest.clientKey(QueryTsigTest.SECRET)
                            : QueryTsigTest.clientKey(QueryTsigTest.OTHER_SECRET));
                    seeds.add(m.toWire(QueryProcessor.MAX_MESSAGE));
                }
            }
        }
    }

    /** The most a response to this packet may have: what a valid OPT in it allows, else 512. */
    static int allowed(byte[] q, int len, boolean tcp) {
        if (tcp) {
            return 65535;
        }
        ParsedQuery pq = new ParsedQuery();
        ParsedQuery.Outcome o = QueryParser.parse(q, len, pq);
        return (o == ParsedQuery.Outcome.OK || o == ParsedQuery.Outcome.BADVERS) && pq.edns
                ? Math.max(512, Math.min(pq.ednsPayload, AnswerConfig.DEFAULT_EDNS_PAYLOAD)) : 512;
    }

    private static void check(QueryProcessor p, byte[] q, int len, boolean tcp, ParsedQuery scratch, byte[] out) {
        int n;
        try {
            n = p.process(q, len, tcp, scratch, out);
        } catch (RuntimeException e) {
            throw new AssertionError("engine threw on " + hex(q, len), e);
        }
        if (len < 12 || (q[2] & 0x80) != 0) {
            assertEquals(0, n, "non-query answered: " + hex(q, len));
            return;
        }
        if (n == 0) {
            fail("query not answered: " + hex(q, len));
        }
        assertTrue(n <= allowed(q, len, tcp), n + " bytes for " + hex(q, len));
        assertEquals(q[0], out[0]);
        assertEquals(q[1], out[1]);
        assertTrue((out[2] & 0x80) != 0, "QR set");
        try {
            new Message(Arrays.copyOf(out, n));
        } catch (Exception e) {
            throw new AssertionError("unparsable response to " + hex(q, len), e);
        }
    }

    @Test
    void hundredThousandRandomPacketsAndMutatedQueries() {
        QueryTsig keys = new QueryTsig(List.of(new TsigKey(org.xbill.DNS.TSIG.HMAC_SHA256, QueryTsigTest.KEY_NAME,
                QueryTsigTest.SECRET)), java.time.Clock.systemUTC());
        QueryProcessor p = new QueryProcessor(served, AnswerConfig.defaults(new NodeIdentity("x", "y", "z")).withTsig(keys),
                new QueryStats(), false);
        Random random = new Random(20240101);
        ParsedQuery scratch = new ParsedQuery();
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        for (int i = 0; i < 100_000; i++) {
            byte[] q = new byte[random.nextInt(600)];
            random.nextBytes(q);
            if (q.length > 2 && random.nextBoolean()) {
                q[2] &= 0x7f; // half of them look like queries, to get past the first check
            }
            check(p, q, q.length, random.nextInt(8) == 0, scratch, out);
        }
        for (int i = 0; i < 100_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] q = Arrays.copyOf(seed, seed.length + (random.nextInt(4) == 0 ? random.nextInt(20) : 0));
            for (int k = random.nextInt(4) + 1; k > 0; k--) {
                q[random.nextInt(q.length)] = (byte) random.nextInt(256);
            }
            int len = random.nextInt(6) == 0 ? random.nextInt(q.length + 1) : q.length; // some cut short
            check(p, q, len, random.nextInt(8) == 0, scratch, out);
        }
    }

    @Test
    void serverSurvivesGarbageAndNeverAnswersNonQueries() throws Exception {
        try (DnsServer server = new DnsServer(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), null,
                new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 2, 16, Duration.ofSeconds(2)))) {
            server.start();
            Random random = new Random(7);
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, DnsTestSupport.LOOPBACK)) {
                for (int i = 0; i < 3000; i++) {
                    byte[] q = new byte[random.nextInt(300)];
                    random.nextBytes(q);
                    s.send(new java.net.DatagramPacket(q, q.length, DnsTestSupport.LOOPBACK, server.port()));
                }
            }
            byte[] response = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)).toWire();
            response[2] |= (byte) 0x80;
            assertNull(DnsTestSupport.udp(server.port(), response, 500), "a response must not be answered");
            assertNull(DnsTestSupport.udp(server.port(), new byte[5], 500), "a runt must not be answered");
            byte[] ok = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN)).toWire();
            assertNotNull(DnsTestSupport.udp(server.port(), ok, 2000), "still serving after the garbage");
            assertTrue(server.stats().dropped() >= 2);
        }
    }

    private static String hex(byte[] b, int len) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(len, 64); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s + (len > 64 ? "..." : "") + " (" + len + " bytes)";
    }
}
