package rootzone.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The whole system as a user runs it: `rootzone up` (embedded broker, publisher, serving node,
 * auditor, coordination, each its own JVM) with `--zone`, then a DNS query for the SOA, a second
 * version published through the CLI and served by the node, and the auditor listing both versions.
 */
class UpSmokeTest {

    private static final Path REPO = Path.of(System.getProperty("rootzone.repo", "../.."));

    static String zone(long serial, String extraTld) {
        return """
                $ORIGIN .
                $TTL 86400
                @ IN SOA a.root-servers.net. nstld.verisign-grs.com. %d 1800 900 604800 86400
                @ 518400 IN NS a.root-servers.net.
                @ 518400 IN NS b.root-servers.net.
                net. 172800 IN NS a.gtld-servers.net.
                com. 172800 IN NS a.gtld-servers.net.
                a.gtld-servers.net. 172800 IN A 192.5.6.30
                a.root-servers.net. 518400 IN A 198.41.0.4
                b.root-servers.net. 518400 IN A 170.247.170.2
                %s
                """.formatted(serial, extraTld);
    }

    @Test
    void upPublishesServesAndAudits(@TempDir Path dir) throws Exception {
        String classpath = CliClasspath.of(REPO);
        int[] ports = freePorts(6);
        int kafka = ports[0], publisher = ports[1], dns = ports[2], nodeHttp = ports[3], auditor = ports[4], coordination = ports[5];
        Path v1 = Files.writeString(dir.resolve("v1.zone"), zone(2025010100L, ""));
        Path v2 = Files.writeString(dir.resolve("v2.zone"),
                zone(2025010101L, "example. 172800 IN NS ns.example.net."));
        Path log = dir.resolve("up.log");

        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", classpath, "rootzone.cli.Main", "up",
                "--data", dir.resolve("state").toString(),
                "--kafka-port", "" + kafka, "--publisher-port", "" + publisher, "--dns-port", "" + dns,
                "--node-http-port", "" + nodeHttp, "--auditor-port", "" + auditor,
                "--coordination-port", "" + coordination, "--zone", v1.toString()));
        Process up = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            awaitLine(up, log, "rootzone is up", Duration.ofMinutes(5));
            assertTrue(Files.readString(log).contains("dns 127.0.0.1:" + dns), Files.readString(log));

            SOARecord soa = awaitSerial(dns, 2025010100L, Duration.ofSeconds(60));
            assertEquals(2025010100L, soa.getSerial());

            // A referral, as a root server gives it: no AA, NS in authority, glue in additional.
            Message referral = query(dns, "www.com.", Type.A);
            assertEquals(Rcode.NOERROR, referral.getRcode());
            assertTrue(!referral.getHeader().getFlag(Flags.AA));
            assertEquals(1, referral.getSection(Section.AUTHORITY).size());

            Process publish = new ProcessBuilder(java(), "-cp", classpath, "rootzone.cli.Main", "publish",
                    v2.toString(), "--publisher", "http://127.0.0.1:" + publisher, "--data", dir.resolve("state").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("publish.log").toFile()).start();
            assertTrue(publish.waitFor(2, TimeUnit.MINUTES), "publish did not finish");
            assertEquals(0, publish.exitValue(), Files.readString(dir.resolve("publish.log")));
            awaitSerial(dns, 2025010101L, Duration.ofSeconds(60));
            assertEquals(Rcode.NOERROR, query(dns, "example.", Type.NS).getRcode());

            String versions = awaitBody("http://127.0.0.1:" + auditor + "/history/versions",
                    body -> body.contains("2025010101"), Duration.ofSeconds(60));
            assertTrue(versions.contains("2025010100") && versions.contains("2025010101"), versions);

            // ZONEVERSION (RFC 9660): the node names the serial it answers from, when asked.
            Message asked = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
            asked.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(19, new byte[0]))), Section.ADDITIONAL);
            OPTRecord opt = resolver(dns).send(asked).getOPT();
            byte[] zoneversion = opt.getOptions(19).get(0).toWire();
            assertEquals(2025010101L, java.nio.ByteBuffer.wrap(zoneversion, zoneversion.length - 4, 4).getInt() & 0xffffffffL);

            // The transparency log: both versions are leaves of the root zone's log, and node-1 has
            // cosigned the checkpoint that holds the second (docs/transparency-log.md).
            Path keys = dir.resolve("state").resolve("keys");
            String checkpoint = awaitBody("http://127.0.0.1:" + auditor + "/log/root/checkpoint",
                    body -> body.contains("\n2\n") && body.contains("rootzone.localhost/witness/node-1"), Duration.ofSeconds(60));
            assertTrue(checkpoint.startsWith("rootzone.localhost/log/root\n"), checkpoint);
            Path policy = Files.writeString(dir.resolve("policy"), "log " + Files.readString(keys.resolve("log-root.vkey")).strip() + "\n"
                    + "witness node-1 " + Files.readString(keys.resolve("witness-node-1.vkey")).strip() + "\n"
                    + "quorum node-1\n");
            // A client that trusts only the log's key and node-1's witness key: the checkpoint, then the zone file in it.
            assertEquals(0, cli(dir, classpath, "log-verify", "log", "verify-checkpoint", "--auditor", "http://127.0.0.1:" + auditor,
                    "--policy", policy.toString(), "--seen-dir", dir.resolve("seen").toString()));
            assertEquals(0, cli(dir, classpath, "log-prove", "log", "prove-zone", v2.toString(), "--auditor", "http://127.0.0.1:" + auditor,
                    "--policy", policy.toString(), "--seen-dir", dir.resolve("seen").toString()));
            // A file that was never published is not proven.
            Path other = Files.writeString(dir.resolve("other.zone"), zone(2025010101L, "evil. 172800 IN NS ns.evil.example."));
            assertEquals(1, cli(dir, classpath, "log-refuse", "log", "prove-zone", other.toString(), "--auditor", "http://127.0.0.1:" + auditor,
                    "--policy", policy.toString(), "--seen-dir", dir.resolve("seen").toString()));
        } finally {
            up.destroy(); // SIGTERM: up stops every service it started
            if (!up.waitFor(60, TimeUnit.SECONDS)) {
                up.destroyForcibly();
                fail("rootzone up did not stop within 60 s of SIGTERM:\n" + Files.readString(log));
            }
        }
        assertTrue(Files.readString(log).contains("stopping"), Files.readString(log));
    }

    /** Runs one CLI command to its end; its output goes to {@code <name>.log}. */
    private static int cli(Path dir, String classpath, String name, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", classpath, "rootzone.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), name + " did not finish");
        System.out.println(name + ": " + Files.readString(out).strip());
        return p.exitValue();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                while (true) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    try (DatagramSocket udp = new DatagramSocket(s.getLocalPort(), InetAddress.getLoopbackAddress())) {
                        held.add(s);
                        ports[i] = s.getLocalPort();
                        break;
                    } catch (IOException udpTaken) {
                        s.close();
                    }
                }
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private static void awaitLine(Process up, Path log, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            if (!up.isAlive()) {
                fail("rootzone up exited with " + up.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(500);
        }
        fail("no '" + line + "' within " + timeout + ":\n" + Files.readString(log));
    }

    private static Message query(int port, String name, int type) throws IOException {
        return resolver(port).send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    /** A resolver for the node on loopback only (never the system's). */
    private static SimpleResolver resolver(int port) throws IOException {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(port);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    private static SOARecord awaitSerial(int port, long serial, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                Message m = query(port, ".", Type.SOA);
                List<Record> answer = m.getSection(Section.ANSWER);
                if (!answer.isEmpty() && answer.get(0) instanceof SOARecord soa) {
                    last = "serial " + soa.getSerial() + ", AA " + m.getHeader().getFlag(Flags.AA);
                    if (soa.getSerial() == serial && m.getHeader().getFlag(Flags.AA)) {
                        return soa;
                    }
                } else {
                    last = Rcode.string(m.getRcode());
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the node never served serial " + serial + " (last: " + last + ")");
    }

    private static String awaitBody(String url, java.util.function.Predicate<String> ok, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && ok.test(r.body())) {
                    return r.body();
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last);
    }
}
