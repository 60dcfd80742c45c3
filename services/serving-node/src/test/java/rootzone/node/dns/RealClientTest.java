package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dig and kdig, real clients, against the server: referral and NXDOMAIN with DNSSEC, TC then TCP retry. */
class RealClientTest {

    @TempDir
    static Path tmp;
    static DnsServer server;

    @BeforeAll
    static void start() throws Exception {
        ServedZone served = new ServedZone();
        served.switchTo(DnsTestSupport.parse(DnsTestSupport.signedRootZone(tmp)));
        server = new DnsServer(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), null,
                new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 2, 16, Duration.ofSeconds(5)));
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String dig(String... args) throws Exception {
        DnsTestSupport.assumeTool("dig");
        String[] cmd = new String[args.length + 5];
        cmd[0] = "dig";
        cmd[1] = "@127.0.0.1";
        cmd[2] = "-p";
        cmd[3] = String.valueOf(server.port());
        cmd[4] = "+norec";
        System.arraycopy(args, 0, cmd, 5, args.length);
        return DnsTestSupport.run(tmp, cmd);
    }

    private static int count(String output, String section) {
        Matcher m = Pattern.compile(section + ": (\\d+)").matcher(output);
        assertTrue(m.find(), "no " + section + " count in " + output);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void digReferralWithDnssec() throws Exception {
        String out = dig("+dnssec", "www.signed1.", "A");
        assertTrue(out.contains("status: NOERROR"), out);
        assertTrue(Pattern.compile("flags: qr;").matcher(out).find(), "referral without AA: " + out);
        assertTrue(Pattern.compile("signed1\\.\\s+\\d+\\s+IN\\s+DS\\s").matcher(out).find(), out);
        assertTrue(Pattern.compile("signed1\\.\\s+\\d+\\s+IN\\s+RRSIG\\s+DS\\s").matcher(out).find(), out);
        assertTrue(Pattern.compile("ns1\\.signed1\\.\\s+\\d+\\s+IN\\s+A\\s+192\\.0\\.2\\.1").matcher(out).find(), out);
    }

    @Test
    void kdigNxdomainWithDnssec() throws Exception {
        DnsTestSupport.assumeTool("kdig");
        String out = DnsTestSupport.run(tmp, "kdig", "@127.0.0.1", "-p", String.valueOf(server.port()), "+norec",
                "+dnssec", "nonexistent.", "A");
        assertTrue(out.contains("status: NXDOMAIN"), out);
        assertTrue(out.toLowerCase(java.util.Locale.ROOT).contains("flags: qr aa;"), "authoritative: " + out);
        assertTrue(Pattern.compile("\\sNSEC\\s").matcher(out).find(), "NSEC proof expected: " + out);
        assertTrue(Pattern.compile("RRSIG\\s+NSEC").matcher(out).find(), out);
        assertTrue(Pattern.compile("RRSIG\\s+SOA").matcher(out).find(), out);
    }

    @Test
    void truncatedOverUdpThenFullAnswerOverTcp() throws Exception {
        long tcpBefore = server.stats().tcpQueries();
        long tcBefore = server.stats().truncated();
        // nine long NS names do not fit in 512 bytes: TC over UDP, dig retries over TCP by itself
        String out = dig("+noedns", "www.huge.", "A");
        assertTrue(out.contains("Truncated, retrying in TCP mode"), out);
        assertEquals(9, count(out, "AUTHORITY"), out);
        assertTrue(server.stats().truncated() > tcBefore);
        assertTrue(server.stats().tcpQueries() > tcpBefore);
        String udpOnly = dig("+noedns", "+ignore", "www.huge.", "A");
        assertTrue(udpOnly.contains(" tc;") || udpOnly.contains(" tc "), udpOnly);
    }
}
