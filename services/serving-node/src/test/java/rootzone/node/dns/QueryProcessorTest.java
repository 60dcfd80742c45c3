package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/** The engine in process, on a small unsigned zone written here: no sockets, no external tools. */
class QueryProcessorTest {

    static final String ZONE = """
            . 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. %d 1800 900 604800 3600
            . 518400 IN NS a.root-servers.net.
            net. 172800 IN NS a.gtld-servers.net.
            a.gtld-servers.net. 172800 IN A 192.5.6.30
            a.root-servers.net. 518400 IN A 198.41.0.4
            example. 172800 IN NS ns1.example.
            ns1.example. 172800 IN A 192.0.2.1
            """;

    static Zone zone(long serial) throws Exception {
        return ZoneParser.parse(String.format(ZONE, serial).getBytes(StandardCharsets.US_ASCII), Name.root, "test");
    }

    private final ServedZone served = new ServedZone();
    private final QueryStats stats = new QueryStats();
    private final QueryProcessor processor = new QueryProcessor(served,
            AnswerConfig.defaults(new NodeIdentity("node-1", "host-1", null)), stats, false);

    private Message ask(byte[] query, boolean tcp) throws Exception {
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        int n = processor.process(query, query.length, tcp, new ParsedQuery(), out);
        assertTrue(n > 0, "no response");
        return new Message(Arrays.copyOf(out, n));
    }

    private static byte[] query(String name, int type, int dclass, boolean edns) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, dclass));
        m.getHeader().setID(4242);
        if (edns) {
            m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return m.toWire();
    }

    @Test
    void servfailBeforeAnyVersionThenAnswersFromTheVersionSwitchedTo() throws Exception {
        assertEquals(Rcode.SERVFAIL, ask(query(".", Type.SOA, DClass.IN, false), false).getRcode());
        served.switchTo(zone(1));
        Message r = ask(query(".", Type.SOA, DClass.IN, false), false);
        assertEquals(1, ((SOARecord) r.getSection(Section.ANSWER).get(0)).getSerial());
        served.switchTo(zone(2));
        r = ask(query(".", Type.SOA, DClass.IN, false), false);
        assertEquals(2, ((SOARecord) r.getSection(Section.ANSWER).get(0)).getSerial());
        assertEquals(2, served.servedSerial());
    }

    @Test
    void referralNxdomainAndQuestionCaseCopied() throws Exception {
        served.switchTo(zone(1));
        Message ref = ask(query("WwW.ExAmple.", Type.A, DClass.IN, false), false);
        assertEquals(Rcode.NOERROR, ref.getRcode());
        assertFalse(ref.getHeader().getFlag(Flags.AA));
        assertEquals("WwW.ExAmple.", ref.getQuestion().getName().toString());
        assertEquals(Type.NS, ref.getSection(Section.AUTHORITY).get(0).getType());
        // names compressed against the question take its case, as with NSD
        assertEquals("ns1.ExAmple.", ref.getSection(Section.ADDITIONAL).get(0).getName().toString());
        Message nx = ask(query("nope.", Type.A, DClass.IN, true), false);
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertTrue(nx.getHeader().getFlag(Flags.AA));
        // negative TTL: the smaller of the SOA TTL and MINIMUM (RFC 2308 §3)
        assertEquals(3600, nx.getSection(Section.AUTHORITY).get(0).getTTL());
        assertTrue(nx.getOPT() != null && (nx.getOPT().getFlags() & ExtendedFlags.DO) != 0);
    }

    @Test
    void malformedAndUnsupportedQueries() throws Exception {
        served.switchTo(zone(1));
        byte[] two = query(".", Type.SOA, DClass.IN, false);
        two[5] = 2; // QDCOUNT 2
        assertEquals(Rcode.FORMERR, ask(two, false).getRcode());
        byte[] status = query(".", Type.SOA, DClass.IN, false);
        status[2] = (byte) (2 << 3); // opcode STATUS
        Message notimp = ask(status, false);
        assertEquals(Rcode.NOTIMP, notimp.getRcode());
        byte[] pointer = query(".", Type.SOA, DClass.IN, false);
        pointer[12] = (byte) 0xc0; // compression pointer in the question
        assertEquals(Rcode.FORMERR, ask(pointer, false).getRcode());
        Message m = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
        m.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        assertEquals(Rcode.BADVERS, ask(m.toWire(), false).getRcode());
        assertEquals(Rcode.REFUSED, ask(query(".", Type.SOA, DClass.HS, false), false).getRcode());
        assertEquals(Rcode.REFUSED, ask(query(".", Type.AXFR, DClass.IN, false), true).getRcode());
        assertEquals(Rcode.REFUSED, ask(query(".", Type.AXFR, DClass.IN, false), false).getRcode());
        Message ixfr = ask(query(".", Type.IXFR, DClass.IN, false), false);
        assertEquals(Type.SOA, ixfr.getSection(Section.ANSWER).get(0).getType(), "UDP IXFR gets the current SOA");
    }

    /**
     * A signed AXFR/IXFR over TCP goes to the transfer handler, which verifies it; any other signed
     * query is verified by the engine (QueryTsigTest): here, without keys, NOTAUTH as NSD answers.
     */
    @Test
    void signedTransfersGoToTheTransferHandlerOtherSignedQueriesAreVerified() throws Exception {
        served.switchTo(zone(1));
        org.xbill.DNS.TSIG key = new org.xbill.DNS.TSIG(org.xbill.DNS.TSIG.HMAC_SHA256, "xfr-key.",
                "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0");
        QueryProcessor withTransfers = new QueryProcessor(served,
                AnswerConfig.defaults(new NodeIdentity("node-1", "host-1", null)), new QueryStats(), true);
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        for (int type : new int[] {Type.AXFR, Type.IXFR}) {
            Message m = Message.newQuery(Record.newRecord(Name.root, type, DClass.IN));
            if (type == Type.IXFR) {
                m.addRecord(new SOARecord(Name.root, DClass.IN, 0, Name.root, Name.root, 0, 0, 0, 0, 0), Section.AUTHORITY);
            }
            m.setTSIG(key);
            byte[] w = m.toWire(QueryProcessor.MAX_MESSAGE); // dnsjava signs only when given a size
            assertEquals(Type.TSIG, new Message(w).getSection(Section.ADDITIONAL).get(0).getType());
            assertEquals(QueryProcessor.TRANSFER, withTransfers.process(w, w.length, true, new ParsedQuery(), out),
                    Type.string(type) + " with TSIG goes to the transfer handler");
        }
        for (int type : new int[] {Type.SOA, Type.A}) {
            Message m = Message.newQuery(Record.newRecord(Name.root, type, DClass.IN));
            m.setTSIG(key);
            assertEquals(Rcode.NOTAUTH, ask(m.toWire(QueryProcessor.MAX_MESSAGE), false).getRcode(),
                    Type.string(type) + " with TSIG, a key the engine does not have");
        }
    }

    @Test
    void nonQueriesAndRuntsGetNoResponse() throws Exception {
        served.switchTo(zone(1));
        byte[] response = query(".", Type.SOA, DClass.IN, false);
        response[2] |= (byte) 0x80;
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        assertEquals(0, processor.process(response, response.length, false, new ParsedQuery(), out));
        assertEquals(0, processor.process(new byte[11], 11, false, new ParsedQuery(), out));
        assertEquals(2, stats.dropped());
    }

    @Test
    void chaosIdentityAndDisabledVersion() throws Exception {
        served.switchTo(zone(1));
        Message id = ask(query("ID.SERVER.", Type.TXT, DClass.CH, false), false);
        assertEquals("\"node-1\"", id.getSection(Section.ANSWER).get(0).rdataToString());
        assertFalse(id.getHeader().getFlag(Flags.AA));
        Message host = ask(query("hostname.bind.", Type.TXT, DClass.CH, false), false);
        assertEquals("\"host-1\"", host.getSection(Section.ANSWER).get(0).rdataToString());
        assertEquals(Rcode.REFUSED, ask(query("version.bind.", Type.TXT, DClass.CH, false), false).getRcode());
        assertEquals(Rcode.REFUSED, ask(query("id.server.", Type.A, DClass.CH, false), false).getRcode());
    }

    @Test
    void statsCountQtypesRcodesAndTransports() throws Exception {
        served.switchTo(zone(1));
        ask(query("nope.", Type.A, DClass.IN, false), false);
        ask(query("nope.", Type.A, DClass.IN, false), true);
        ask(query(".", Type.CAA, DClass.IN, false), false);
        assertEquals(2, stats.queries(Type.A));
        assertEquals(1, stats.queries(QueryStats.OTHER_QTYPE));
        assertEquals(2, stats.responses(Rcode.NXDOMAIN));
        assertEquals(1, stats.responses(Rcode.NOERROR));
        assertEquals(1, stats.tcpQueries());
        assertEquals(2, stats.udpQueries());
    }

    @Test
    void outOfZoneNamesAreRefused() throws Exception {
        ServedZone example = new ServedZone();
        example.switchTo(ZoneParser.parse("""
                example. 3600 IN SOA ns1.example. h.example. 1 1 1 1 1
                example. 3600 IN NS ns1.example.
                ns1.example. 3600 IN A 192.0.2.1
                """.getBytes(StandardCharsets.US_ASCII), Name.fromConstantString("example."), "t"));
        QueryProcessor p = new QueryProcessor(example, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), false);
        byte[] q = query("www.example.org.", Type.A, DClass.IN, false);
        byte[] out = new byte[512];
        Message r = new Message(Arrays.copyOf(out, p.process(q, q.length, false, new ParsedQuery(), out)));
        assertEquals(Rcode.REFUSED, r.getRcode());
        assertEquals(1, r.getHeader().getCount(Section.QUESTION));
    }

    @Test
    void zonesNeedingSynthesisAreRejectedWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServedZone().switchTo(
                ZoneParser.parse("""
                        . 86400 IN SOA a. b. 1 1 1 1 1
                        . 86400 IN NS a.
                        *. 86400 IN A 192.0.2.1
                        """.getBytes(StandardCharsets.US_ASCII), Name.root, "t")));
        assertTrue(e.getMessage().contains("wildcard"), e.getMessage());
    }

    @Test
    void responseIdAndRdAreCopied() throws Exception {
        served.switchTo(zone(1));
        byte[] q = query(".", Type.NS, DClass.IN, false);
        q[2] |= 0x01;
        Message r = ask(q, false);
        assertEquals(4242, r.getHeader().getID());
        assertTrue(r.getHeader().getFlag(Flags.RD));
        assertFalse(r.getHeader().getFlag(Flags.RA));
        assertArrayEquals(new int[] {Type.NS}, r.getSection(Section.ANSWER).stream().mapToInt(Record::getType).distinct().toArray());
        assertEquals(List.of("a.root-servers.net."), r.getSection(Section.ADDITIONAL).stream().map(x -> x.getName().toString()).toList());
    }
}
