package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneParser;

/**
 * RFC 9471 §3 in process: a UDP referral that cannot carry all its in-domain glue is sent with TC
 * (with the records that fit); sibling glue and the glue of an authoritative answer may still be
 * left out without TC (RFC 2181 §9). Zone: thirteen servers under each of "big." (in-domain) and
 * "sibling-servers.net." (sibling glue of "sib."), each with A and AAAA: about 640 bytes of referral.
 */
class InDomainGlueTest {

    private final ServedZone served = new ServedZone();
    private final QueryProcessor processor = new QueryProcessor(served,
            AnswerConfig.defaults(new NodeIdentity("node-1", "host-1", null)), new QueryStats(), false);

    /** The test zone, also served by Knot in KnotGlueComparisonTest. */
    static String zoneText() {
        StringBuilder z = new StringBuilder(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 3600\n"
                + ". 518400 IN NS a.root-servers.net.\n"
                + "a.root-servers.net. 518400 IN A 198.41.0.4\n"
                + "net. 172800 IN NS a.gtld-servers.net.\n"
                + "a.gtld-servers.net. 172800 IN A 192.5.6.30\n");
        for (int i = 1; i <= 13; i++) {
            z.append(String.format("big. 172800 IN NS ns%02d.big.%n", i));
            z.append(String.format("ns%02d.big. 172800 IN A 203.0.113.%d%n", i, i));
            z.append(String.format("ns%02d.big. 172800 IN AAAA 2001:db8:2::%d%n", i, i));
            z.append(String.format("sib. 172800 IN NS ns%02d.sibling-servers.net.%n", i));
            z.append(String.format("ns%02d.sibling-servers.net. 172800 IN A 203.0.114.%d%n", i, i));
            z.append(String.format("ns%02d.sibling-servers.net. 172800 IN AAAA 2001:db8:3::%d%n", i, i));
        }
        return z.toString();
    }

    @BeforeEach
    void serve() throws Exception {
        served.switchTo(ZoneParser.parse(zoneText().getBytes(StandardCharsets.US_ASCII), Name.root, "test"));
    }

    @Test
    void referralMissingInDomainGlueIsTruncatedKeepingWhatFits() throws Exception {
        Message r = ask("www.big.", 0, false);
        assertTrue(r.getHeader().getFlag(Flags.TC), "in-domain AAAA glue left out: TC (RFC 9471 §3)");
        assertEquals(13, r.getSection(Section.AUTHORITY).size());
        assertEquals(13, count(r, Type.A), "every A glue fits in 512 bytes and is kept");
        assertTrue(count(r, Type.AAAA) < 13);
        assertTrue(r.toWire().length <= 512);
    }

    @Test
    void referralWithAllItsInDomainGlueIsNotTruncated() throws Exception {
        Message edns = ask("www.big.", 1232, false);
        assertFalse(edns.getHeader().getFlag(Flags.TC));
        assertEquals(26, edns.getSection(Section.ADDITIONAL).size() - 1); // minus the OPT
        Message tcp = ask("www.big.", 0, true);
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(26, tcp.getSection(Section.ADDITIONAL).size());
    }

    @Test
    void siblingGlueIsLeftOutWithoutTruncation() throws Exception {
        Message r = ask("www.sib.", 0, false);
        assertFalse(r.getHeader().getFlag(Flags.TC), "sibling glue is optional (RFC 9471 §3, RFC 2181 §9)");
        assertEquals(13, count(r, Type.A));
        assertTrue(count(r, Type.AAAA) < 13);
    }

    private Message ask(String name, int payload, boolean tcp) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        if (payload > 0) {
            m.addRecord(new OPTRecord(payload, 0, 0, 0), Section.ADDITIONAL);
        }
        byte[] q = m.toWire();
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        int n = processor.process(q, q.length, tcp, new ParsedQuery(), out);
        assertTrue(n > 0, "no response");
        return new Message(Arrays.copyOf(out, n));
    }

    private static long count(Message r, int type) {
        return r.getSection(Section.ADDITIONAL).stream().filter(rec -> rec.getType() == type).count();
    }
}
