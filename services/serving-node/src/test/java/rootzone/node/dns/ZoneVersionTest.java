package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneParser;

/**
 * ZONEVERSION (RFC 9660) over real UDP and TCP: dig and kdig ask for it with {@code +ednsopt=19} and
 * read the served serial back; raw queries check the bytes (LABELCOUNT, TYPE 0, serial), that nothing
 * is added unasked or without EDNS, that a truncated answer still carries it, and FORMERR for an
 * option with data (§3).
 */
class ZoneVersionTest {

    private static final int ZONEVERSION = 19;
    private static final long ROOT_SERIAL = 2024010100L; // 0x78a3f174, signedRootZone's SOA
    private static final long EXAMPLE_SERIAL = 7L;

    @TempDir
    static Path tmp;
    static ServedZone rootServed = new ServedZone();
    static DnsServer root;
    static DnsServer example;

    @BeforeAll
    static void start() throws Exception {
        rootServed.switchTo(DnsTestSupport.parse(DnsTestSupport.signedRootZone(tmp)));
        root = server(rootServed);
        Path file = tmp.resolve("example.com.zone");
        Files.writeString(file, """
                example.com. 3600 IN SOA ns1.example.com. admin.example.com. 7 1800 900 604800 300
                example.com. 3600 IN NS ns1.example.com.
                ns1.example.com. 3600 IN A 192.0.2.53
                www.example.com. 3600 IN A 192.0.2.80
                """);
        ServedZone exampleZone = new ServedZone();
        exampleZone.switchTo(ZoneParser.parse(file, Name.fromConstantString("example.com.")));
        example = server(exampleZone);
    }

    private static DnsServer server(ServedZone served) throws Exception {
        DnsServer s = new DnsServer(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), null,
                new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 2, 16, Duration.ofSeconds(5)));
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        for (DnsServer s : new DnsServer[] {root, example}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static String dig(DnsServer s, String... args) throws Exception {
        DnsTestSupport.assumeTool("dig");
        return client("dig", s, args);
    }

    private static String kdig(DnsServer s, String... args) throws Exception {
        DnsTestSupport.assumeTool("kdig");
        return client("kdig", s, args);
    }

    private static String client(String tool, DnsServer s, String... args) throws Exception {
        String[] cmd = new String[args.length + 5];
        cmd[0] = tool;
        cmd[1] = "@127.0.0.1";
        cmd[2] = "-p";
        cmd[3] = String.valueOf(s.port());
        cmd[4] = "+norec";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return DnsTestSupport.run(tmp, cmd).toLowerCase(Locale.ROOT);
    }

    /** dig 9.18 prints an option it does not know as "; OPT=19: 00 00 78 a3 f1 74 (...)". */
    private static final Pattern DIG_ROOT = Pattern.compile("opt=19: 00 00 78 a3 f1 74\\b");

    @Test
    void digOverUdpAndTcp() throws Exception {
        for (String transport : new String[] {"+notcp", "+tcp"}) {
            String out = dig(root, transport, "+ednsopt=19", "signed1.", "NS");
            assertTrue(out.contains("status: noerror"), out);
            assertTrue(DIG_ROOT.matcher(out).find(), transport + ": " + out);
            String positive = dig(root, transport, "+ednsopt=19", ".", "SOA");
            assertTrue(DIG_ROOT.matcher(positive).find(), transport + ": " + positive);
            String nx = dig(root, transport, "+dnssec", "+ednsopt=19", "no-such-tld.", "A");
            assertTrue(nx.contains("status: nxdomain") && DIG_ROOT.matcher(nx).find(), transport + ": " + nx);
        }
        String unasked = dig(root, "signed1.", "NS");
        assertTrue(!unasked.contains("opt=19"), unasked);
    }

    @Test
    void digNamesTheZonesLabelCount() throws Exception {
        // example.com: LABELCOUNT 2, TYPE 0, serial 7
        String out = dig(example, "+ednsopt=19", "www.example.com.", "A");
        assertTrue(out.contains("status: noerror"), out);
        assertTrue(Pattern.compile("opt=19: 02 00 00 00 00 07\\b").matcher(out).find(), out);
    }

    @Test
    void kdigOverUdpAndTcp() throws Exception {
        for (String transport : new String[] {"+notcp", "+tcp"}) {
            String out = kdig(root, transport, "+ednsopt=19", "signed1.", "NS");
            assertTrue(out.contains("status: noerror"), out);
            // kdig 3.2 prints unknown options in hex ("unknown option 19: 000078A3F174" or similar)
            assertTrue(Pattern.compile("19\\D.*0000\\s?78\\s?a3\\s?f1\\s?74").matcher(out).find(), transport + ": " + out);
        }
    }

    @Test
    void rawUdpAndTcpCarryTheServedSerial() throws Exception {
        byte[] q = query("signed1.", Type.NS, 1232, new GenericEDNSOption(ZONEVERSION, new byte[0]));
        Message udp = new Message(DnsTestSupport.udp(root.port(), q, 2000));
        Message tcp = new Message(DnsTestSupport.tcp(root.port(), List.of(q)).get(0));
        for (Message m : new Message[] {udp, tcp}) {
            assertEquals(Rcode.NOERROR, m.getRcode());
            assertArrayEquals(new byte[] {0, 0, 0x78, (byte) 0xa3, (byte) 0xf1, 0x74}, zoneVersion(m));
            assertEquals(1, m.getOPT().getOptions(ZONEVERSION).size(), "one option, not more");
        }
        Message example = new Message(DnsTestSupport.udp(ZoneVersionTest.example.port(),
                query("www.example.com.", Type.A, 1232, new GenericEDNSOption(ZONEVERSION, new byte[0])), 2000));
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, (byte) EXAMPLE_SERIAL}, zoneVersion(example));
    }

    @Test
    void notAddedUnaskedWithoutEdnsOrOutsideTheZone() throws Exception {
        Message plain = new Message(DnsTestSupport.udp(root.port(), query("signed1.", Type.NS, 1232), 2000));
        assertNotNull(plain.getOPT());
        assertTrue(plain.getOPT().getOptions(ZONEVERSION).isEmpty());
        Message noEdns = new Message(DnsTestSupport.udp(root.port(), query("signed1.", Type.NS, 0), 2000));
        assertNull(noEdns.getOPT());
        // not a zone this node serves: REFUSED, no version (RFC 9660 §3)
        Message refused = new Message(DnsTestSupport.udp(example.port(),
                query("www.example.org.", Type.A, 1232, new GenericEDNSOption(ZONEVERSION, new byte[0])), 2000));
        assertEquals(Rcode.REFUSED, refused.getRcode());
        assertTrue(refused.getOPT().getOptions(ZONEVERSION).isEmpty());
    }

    @Test
    void truncatedAnswerKeepsRoomForTheOption() throws Exception {
        // huge.'s referral does not fit in 512 bytes: TC, and the OPT with its ZONEVERSION still fits
        byte[] q = query("www.huge.", Type.A, 512, new GenericEDNSOption(ZONEVERSION, new byte[0]));
        byte[] wire = DnsTestSupport.udp(root.port(), q, 2000);
        assertTrue(wire.length <= 512, "UDP answer within 512 bytes: " + wire.length);
        Message m = new Message(wire);
        assertTrue(m.getHeader().getFlag(Flags.TC), m.toString());
        assertArrayEquals(new byte[] {0, 0, 0x78, (byte) 0xa3, (byte) 0xf1, 0x74}, zoneVersion(m));
        Message again = new Message(DnsTestSupport.udp(root.port(), q, 2000)); // the cached fitted template
        assertEquals(m.getSection(org.xbill.DNS.Section.AUTHORITY).size(),
                again.getSection(org.xbill.DNS.Section.AUTHORITY).size());
        assertArrayEquals(zoneVersion(m), zoneVersion(again));
    }

    @Test
    void optionWithDataIsFormErr() throws Exception {
        for (byte[] data : new byte[][] {{0}, {0, 0, 0x78, (byte) 0xa3, (byte) 0xf1, 0x74}}) {
            byte[] q = query("signed1.", Type.NS, 1232, new GenericEDNSOption(ZONEVERSION, data));
            Message udp = new Message(DnsTestSupport.udp(root.port(), q, 2000));
            Message tcp = new Message(DnsTestSupport.tcp(root.port(), List.of(q)).get(0));
            assertEquals(Rcode.FORMERR, udp.getRcode());
            assertEquals(Rcode.FORMERR, tcp.getRcode());
        }
        String out = dig(root, "+ednsopt=19:00", "signed1.", "NS");
        assertTrue(out.contains("status: formerr"), out);
    }

    @Test
    void answerPathStaysAllocationFree() throws Exception {
        QueryProcessor processor = new QueryProcessor(rootServed, AnswerConfig.defaults(NodeIdentity.hidden()),
                new QueryStats(), false);
        // Each kind of answer, once its template is cached: a referral with ZONEVERSION, NXDOMAIN with
        // its NSEC proofs (DO), NODATA, the apex DNSKEY with signatures, and a plain query without EDNS.
        List<byte[]> queries = List.of(
                query("www.signed1.", Type.A, 1232, new GenericEDNSOption(ZONEVERSION, new byte[0])),
                dnssecQuery("nonexistent-tld.", Type.A),
                dnssecQuery("a.root-servers.net.", Type.TXT),
                dnssecQuery(".", Type.DNSKEY),
                query(".", Type.SOA, 0));
        ParsedQuery scratch = new ParsedQuery();
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            for (byte[] q : queries) {
                processor.process(q, q.length, false, scratch, out);
            }
        }
        for (byte[] q : queries) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                processor.process(q, q.length, false, scratch, out);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 10_000, "10,000 answers to " + new Message(q).getQuestion() + " allocated " + allocated + " bytes");
        }
        byte[] q = queries.get(0);
        int n = processor.process(q, q.length, false, scratch, out);
        assertArrayEquals(new byte[] {0, 0, 0x78, (byte) 0xa3, (byte) 0xf1, 0x74},
                zoneVersion(new Message(java.util.Arrays.copyOf(out, n))));
    }

    private static byte[] dnssecQuery(String name, int type) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        m.addRecord(new OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), org.xbill.DNS.Section.ADDITIONAL);
        return m.toWire();
    }

    private static byte[] query(String name, int type, int payload, EDNSOption... options) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        m.getHeader().unsetFlag(Flags.RD);
        if (payload > 0) {
            m.addRecord(new OPTRecord(payload, 0, 0, 0, List.of(options)), org.xbill.DNS.Section.ADDITIONAL);
        }
        return m.toWire();
    }

    private static byte[] zoneVersion(Message m) {
        OPTRecord opt = m.getOPT();
        assertNotNull(opt, "an OPT record: " + m);
        List<EDNSOption> options = opt.getOptions(ZONEVERSION);
        assertEquals(1, options.size(), "a ZONEVERSION option: " + m);
        byte[] wire = options.get(0).toWire(); // code, length, data
        return java.util.Arrays.copyOfRange(wire, 4, wire.length);
    }
}
