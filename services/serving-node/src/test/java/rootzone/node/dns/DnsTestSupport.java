package rootzone.node.dns;


import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Name;
import rootzone.testsupport.ExternalTools;
import rootzone.testsupport.SharedData;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/** Tools for tests that talk DNS to real servers on loopback: zones, ports, processes, raw exchanges. */
final class DnsTestSupport {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Skips the test (with the reason) when a Debian tool is not installed; CI installs them. */
    static void assumeTool(String tool) {
        ExternalTools.assumeInstalled(tool);
    }

    static String toolPath(String tool) {
        return ExternalTools.toolPath(tool);
    }

    /** A port free on loopback for both UDP and TCP at the time of the call. */
    static int freePort() throws IOException {
        return ExternalTools.freePort();
    }

    /** Runs a command to completion, failing with its output when it does not exit 0. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        return ExternalTools.run(dir, command);
    }

    /**
     * A root-shaped zone signed with NSEC by ldns-signzone with fresh ECDSA keys: apex SOA/NS/DNSKEY,
     * root-servers.net glue under the net delegation, signed delegations with DS, unsigned ones, glue
     * in and out of bailiwick, and referrals too large for 512 bytes.
     */
    static Path signedRootZone(Path dir) throws IOException, InterruptedException {
        StringBuilder z = new StringBuilder();
        z.append(". 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400\n");
        for (char c = 'a'; c <= 'm'; c++) {
            z.append(". 518400 IN NS ").append(c).append(".root-servers.net.\n");
            z.append(c).append(".root-servers.net. 518400 IN A 198.41.0.").append(c - 'a' + 1).append('\n');
            z.append(c).append(".root-servers.net. 518400 IN AAAA 2001:503:ba3e::2:").append(c - 'a' + 10).append('\n');
        }
        z.append("net. 172800 IN NS a.gtld-servers.net.\nnet. 172800 IN NS b.gtld-servers.net.\n");
        z.append("net. 86400 IN DS 37331 13 2 2F0BEC2D6F79DFBD1D08FD21A3AF92D0E39A4B9EF1E3F4111FFF282490DA453B\n");
        z.append("a.gtld-servers.net. 172800 IN A 192.5.6.30\na.gtld-servers.net. 172800 IN AAAA 2001:503:a83e::2:30\n");
        z.append("b.gtld-servers.net. 172800 IN A 192.33.14.30\n");
        z.append("com. 172800 IN NS a.gtld-servers.net.\ncom. 172800 IN NS b.gtld-servers.net.\n");
        z.append("com. 86400 IN DS 19718 13 2 8ACBB0CD28F41250A80A491389424D341522D946B0DA0C0291F2D3D771D7805A\n");
        for (int i = 1; i <= 8; i++) {
            String tld = "signed" + i + ".";
            z.append(tld).append(" 172800 IN NS ns1.").append(tld).append('\n');
            z.append(tld).append(" 172800 IN NS ns.").append(i % 2 == 0 ? "other.net." : "example.com.").append('\n');
            z.append("ns1.").append(tld).append(" 172800 IN A 192.0.2.").append(i).append('\n');
            z.append("ns1.").append(tld).append(" 172800 IN AAAA 2001:db8::").append(i).append('\n');
            z.append(tld).append(" 86400 IN DS ").append(10000 + i).append(" 8 2 ")
                    .append(String.format("%064X", i * 7919L)).append('\n');
        }
        for (int i = 1; i <= 5; i++) {
            String tld = "plain" + i + ".";
            z.append(tld).append(" 172800 IN NS ns1.").append(tld).append('\n');
            z.append(tld).append(" 172800 IN NS ns2.").append(tld).append('\n');
            z.append("ns1.").append(tld).append(" 172800 IN A 198.51.100.").append(i).append('\n');
            z.append("ns2.").append(tld).append(" 172800 IN AAAA 2001:db8:1::").append(i).append('\n');
        }
        // thirteen in-bailiwick servers with A and AAAA: a referral larger than 512 bytes
        for (int i = 1; i <= 13; i++) {
            String ns = String.format("ns%02d.big.", i);
            z.append("big. 172800 IN NS ").append(ns).append('\n');
            z.append(ns).append(" 172800 IN A 203.0.113.").append(i).append('\n');
            z.append(ns).append(" 172800 IN AAAA 2001:db8:2::").append(i).append('\n');
        }
        z.append("big. 86400 IN DS 4242 13 2 ").append("AB".repeat(32)).append('\n');
        // long server names: the NS RRset alone nearly fills 512 bytes, no glue A fits after it
        for (int i = 1; i <= 9; i++) {
            String ns = "a-very-long-name-server-label-number-" + i + "-padding-padding.huge.";
            z.append("huge. 172800 IN NS ").append(ns).append('\n');
            z.append(ns).append(" 172800 IN A 203.0.114.").append(i).append('\n');
        }
        // out-of-bailiwick only, names the zone has no data for
        z.append("outside. 172800 IN NS ns1.example.org.\noutside. 172800 IN NS ns2.example.org.\n");
        z.append("xn--p1ai. 172800 IN NS a.dns.xn--p1ai.\na.dns.xn--p1ai. 172800 IN A 193.232.128.6\n");
        Path unsigned = dir.resolve("root");
        Files.writeString(unsigned, z.toString());
        return ExternalTools.ldnsSign(unsigned, ".", null, null); // root.signed, valid from now for four weeks
    }

    /**
     * The newest real root zone version of ../shared/data/rootzone-history, extracted into dir; the
     * test is skipped (saying so) when the data is not there.
     */
    static Path realRootZone(Path dir) throws IOException, InterruptedException {
        Path bundle = SharedData.historyBundleOrSkip();
        assumeTool("git");
        Path git = dir.resolve("history.git");
        run(dir, "git", "clone", "-q", "--bare", bundle.toString(), git.toString());
        Path zone = dir.resolve("root.zone.real");
        Process p = new ProcessBuilder("git", "--git-dir=" + git, "show", "HEAD:root.zone")
                .redirectOutput(zone.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException("git show HEAD:root.zone failed in " + git);
        }
        return zone;
    }

    static Zone parse(Path file) throws Exception {
        return ZoneParser.parse(file, Name.root);
    }

    /** Sends one UDP query and returns the response bytes, or null when none came within the timeout. */
    static byte[] udp(int port, byte[] query, int timeoutMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(timeoutMs);
            s.send(new DatagramPacket(query, query.length, LOOPBACK, port));
            byte[] buf = new byte[65535];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                s.receive(in);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(buf, in.getLength());
        }
    }

    /** Sends queries pipelined on one TCP connection and reads as many responses. */
    static List<byte[]> tcp(int port, List<byte[]> queries) throws IOException {
        try (Socket s = new Socket(LOOPBACK, port)) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            for (byte[] q : queries) {
                out.writeShort(q.length);
                out.write(q);
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            List<byte[]> responses = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                byte[] r = new byte[in.readUnsignedShort()];
                in.readFully(r);
                responses.add(r);
            }
            return responses;
        }
    }

    private DnsTestSupport() {}
}
