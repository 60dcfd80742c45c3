package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * The RFC 9471 case where we differ from NSD 4.6, against a server that implements it: Knot (3.2 on
 * Debian 12) serves InDomainGlueTest's zone; for referrals with in-domain glue ("big.") and sibling
 * glue ("sib.") at 512 bytes (no EDNS, EDNS 512) and 1232, TC and the authority section must agree.
 * Only those are compared: Knot orders and selects additional records its own way.
 */
class KnotGlueComparisonTest {

    @TempDir
    Path tmp;

    @Test
    void truncationOfReferralsMatchesKnot() throws Exception {
        DnsTestSupport.assumeTool("knotd");
        Files.writeString(tmp.resolve("root.zone"), InDomainGlueTest.zoneText(), StandardCharsets.US_ASCII);
        int knotPort = DnsTestSupport.freePort();
        Files.writeString(tmp.resolve("knot.conf"), "server:\n    listen: 127.0.0.1@" + knotPort + "\n"
                + "    rundir: \"" + tmp + "\"\n    udp-workers: 1\n    tcp-workers: 1\n    background-workers: 1\n"
                + "database:\n    storage: \"" + tmp + "\"\n"
                + "template:\n  - id: default\n    storage: \"" + tmp + "\"\n    zonefile-sync: -1\n    journal-content: none\n"
                + "zone:\n  - domain: .\n    file: root.zone\n");
        Process knot = new ProcessBuilder(DnsTestSupport.toolPath("knotd"), "-c", tmp.resolve("knot.conf").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("knot.log").toFile()).start();
        ServedZone served = new ServedZone();
        served.switchTo(ZoneParser.parse(InDomainGlueTest.zoneText().getBytes(StandardCharsets.US_ASCII), Name.root, "test"));
        try (DnsServer ours = new DnsServer(served, AnswerConfig.defaults(new NodeIdentity("n", "n", null)),
                new QueryStats(), null, new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 1, 4, Duration.ofSeconds(5)))) {
            ours.start();
            awaitAnswer(knot, knotPort);
            int compared = 0;
            for (String name : new String[] {"www.big.", "www.sib."}) {
                for (int payload : new int[] {0, 512, 1232}) {
                    byte[] q = query(name, payload);
                    Message k = new Message(DnsTestSupport.udp(knotPort, q, 2000));
                    Message o = new Message(DnsTestSupport.udp(ours.port(), q, 2000));
                    String what = name + " payload " + payload;
                    assertEquals(k.getHeader().getFlag(Flags.TC), o.getHeader().getFlag(Flags.TC), "TC for " + what);
                    assertEquals(new java.util.HashSet<>(k.getSection(Section.AUTHORITY)), new java.util.HashSet<>(o.getSection(Section.AUTHORITY)),
                            "authority for " + what);
                    compared++;
                }
            }
            assertEquals(6, compared);
            // the case this test exists for: Knot, like us, truncates the in-domain one at 512
            assertEquals(true, new Message(DnsTestSupport.udp(knotPort, query("www.big.", 0), 2000)).getHeader().getFlag(Flags.TC));
        } finally {
            knot.destroy();
            knot.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] query(String name, int payload) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), Type.A, DClass.IN));
        m.getHeader().unsetFlag(Flags.RD);
        if (payload > 0) {
            m.addRecord(new OPTRecord(payload, 0, 0, 0), Section.ADDITIONAL);
        }
        return m.toWire();
    }

    private static void awaitAnswer(Process knot, int port) throws Exception {
        byte[] q = query(".", 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!knot.isAlive()) {
                throw new IllegalStateException("knotd exited, see knot.log");
            }
            byte[] r = DnsTestSupport.udp(port, q, 300);
            if (r != null) {
                return;
            }
        }
        throw new IllegalStateException("knotd did not answer within 30 s");
    }
}
