package rootzone.node.xfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rootzone.testsupport.ExternalTools.assumeInstalled;
import static rootzone.testsupport.ExternalTools.freePort;
import static rootzone.testsupport.ExternalTools.run;
import static rootzone.testsupport.ExternalTools.toolPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.node.dns.AnswerConfig;
import rootzone.node.dns.DnsServer;
import rootzone.node.dns.NodeIdentity;
import rootzone.node.dns.QueryStats;
import rootzone.node.dns.QueryTsig;
import rootzone.node.dns.ServedZone;
import rootzone.zone.TsigKey;
import rootzone.node.materialize.TestZones;
import rootzone.node.materialize.VersionSwitch;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/** AXFR/IXFR out of a node to dig, kdig and real NSD, Knot and BIND secondaries, all on loopback. */
class ZoneTransferTest {

    static final String ZONE = "xfr.test.";
    static final TsigKey KEY = TsigKey.parse("hmac-sha256:xfr-key.:" + java.util.Base64.getEncoder()
            .encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));

    @TempDir
    Path tmp;

    ServedZone served;
    IxfrJournal journal;
    DnsServer server;
    Zone v1 = TestZones.zone(ZONE, 2024010101, 40, 0);
    Zone v2 = TestZones.zone(ZONE, 2024010102, 40, 1);
    Zone v3 = TestZones.zone(ZONE, 2024010103, 40, 2);

    void start(TransferAcl acl) throws IOException {
        served = new ServedZone();
        journal = new IxfrJournal(10);
        Zone previous = null;
        for (Zone z : List.of(v1, v2, v3)) {
            served.switchTo(z);
            journal.switched(new VersionSwitch(previous, z, previous == null ? null : ZoneDiff.between(previous, z), 0,
                    ContentDigest.of(z), Instant.now(), 0));
            previous = z;
        }
        // as the node does: the transfer key also verifies and signs ordinary queries (a secondary's SOA refresh)
        AnswerConfig answers = AnswerConfig.defaults(NodeIdentity.hidden())
                .withTsig(new QueryTsig(acl.key().stream().toList(), java.time.Clock.systemUTC()));
        server = new DnsServer(served, answers, new QueryStats(),
                new ZoneTransferHandler(acl, journal), DnsServer.Options.loopback(0));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static TransferAcl loopbackOnly(Optional<TsigKey> key) {
        return new TransferAcl(List.of(AddressPrefix.parse("127.0.0.0/8"), AddressPrefix.parse("::1")), key);
    }

    @Test
    void digAxfrGetsTheWholeZoneSoaFirstAndLast() throws Exception {
        assumeInstalled("dig");
        start(loopbackOnly(Optional.empty()));
        List<String> rrs = records(run("dig", "-p", port(), "@127.0.0.1", ZONE, "AXFR", "+nocmd", "+nostats", "+nocomments"));
        assertEquals(v3.size() + 1, rrs.size(), "every record once, the SOA twice");
        assertTrue(rrs.get(0).contains("SOA") && rrs.get(0).contains("2024010103"));
        assertTrue(rrs.get(rrs.size() - 1).contains("SOA"));
    }

    @Test
    void kdigIxfrGetsTheDiffsAndAFullZoneWhenTooOld() throws Exception {
        assumeInstalled("kdig");
        start(loopbackOnly(Optional.empty()));
        List<String> ixfr = records(run("kdig", "-p", port(), "@127.0.0.1", ZONE, "IXFR=2024010101", "+nostats", "+noheader"));
        int expected = 2 + 2 * 2 + countNonSoa(ZoneDiff.between(v1, v2)) + countNonSoa(ZoneDiff.between(v2, v3));
        assertEquals(expected, ixfr.size(), String.join("\n", ixfr));
        List<String> upToDate = records(run("kdig", "-p", port(), "@127.0.0.1", ZONE, "IXFR=2024010103", "+nostats", "+noheader"));
        assertEquals(1, upToDate.size(), "an up-to-date client gets the SOA alone");
        List<String> tooOld = records(run("kdig", "-p", port(), "@127.0.0.1", ZONE, "IXFR=2023123100", "+nostats", "+noheader"));
        assertEquals(v3.size() + 1, tooOld.size(), "a serial older than the journal gets the zone in AXFR form");
    }

    @Test
    void tsigIsRequiredWhenConfigured() throws Exception {
        assumeInstalled("kdig");
        start(loopbackOnly(Optional.of(KEY)));
        String signed = run("kdig", "-p", port(), "-y", KEY.spec(), "@127.0.0.1", ZONE, "AXFR", "+nostats");
        List<String> rrs = records(signed);
        List<String> macs = rrs.stream().filter(l -> l.matches(".*\\sTSIG\\s.*")).toList();
        assertEquals(1, macs.size(), "kdig prints the (verified) TSIG of the single response message");
        assertEquals(v3.size() + 1, rrs.size() - macs.size(), signed);
        String unsigned = runAllowingFailure("kdig", "-p", port(), "@127.0.0.1", ZONE, "AXFR");
        assertTrue(unsigned.contains("REFUSED"), unsigned);
        TsigKey other = TsigKey.parse("hmac-sha256:xfr-key.:" + java.util.Base64.getEncoder()
                .encodeToString("another-secret-another-secret!!!".getBytes(StandardCharsets.US_ASCII)));
        String wrong = runAllowingFailure("kdig", "-p", port(), "-y", other.spec(), "@127.0.0.1", ZONE, "AXFR");
        assertTrue(wrong.contains("BADSIG") || wrong.contains("NOTAUTH"), wrong);
    }

    @Test
    void clientsOutsideTheAllowListAreRefused() throws Exception {
        assumeInstalled("kdig");
        start(new TransferAcl(List.of(AddressPrefix.parse("192.0.2.0/24")), Optional.empty()));
        String out = runAllowingFailure("kdig", "-p", port(), "@127.0.0.1", ZONE, "AXFR");
        assertTrue(out.contains("REFUSED"), out);
    }

    @Test
    void nsdSecondaryTransfersAfterNotifyAndAnswersTheSameSoa() throws Exception {
        assumeInstalled("nsd");
        assumeInstalled("dig");
        start(loopbackOnly(Optional.empty()));
        int nsdPort = freePort();
        Path conf = tmp.resolve("nsd.conf");
        Files.writeString(conf, String.join("\n",
                "server:",
                "  ip-address: 127.0.0.1",
                "  port: " + nsdPort,
                "  username: \"\"",
                "  chroot: \"\"",
                "  zonesdir: \"" + tmp + "\"",
                "  database: \"\"",
                "  pidfile: \"" + tmp.resolve("nsd.pid") + "\"",
                "  xfrdfile: \"" + tmp.resolve("xfrd.state") + "\"",
                "  zonelistfile: \"" + tmp.resolve("zone.list") + "\"",
                "  xfrdir: \"" + tmp + "\"",
                "  server-count: 1",
                "  verbosity: 2",
                "remote-control:",
                "  control-enable: no",
                "zone:",
                "  name: " + ZONE,
                "  zonefile: \"" + tmp.resolve("xfr.test.zone") + "\"",
                "  allow-notify: 127.0.0.1 NOKEY",
                "  request-xfr: 127.0.0.1@" + server.port() + " NOKEY",
                ""));
        Process nsd = new ProcessBuilder(toolPath("nsd"), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nsd.log").toFile()).start();
        try {
            // NSD asks for the zone on its own at start; NOTIFY of a new serial must make it fetch again.
            awaitSoa(nsdPort, "2024010103", "nsd.log");
            serveV4AndNotify(nsdPort, Optional.empty());
            awaitSoa(nsdPort, "2024010104", "nsd.log");
            String nodeSoa = run("dig", "-p", port(), "@127.0.0.1", ZONE, "SOA", "+short");
            String nsdSoa = run("dig", "-p", Integer.toString(nsdPort), "@127.0.0.1", ZONE, "SOA", "+short");
            assertEquals(nodeSoa, nsdSoa);
        } finally {
            nsd.destroy();
            nsd.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void knotSecondaryWithTsigTakesTheZoneThenAnIxfrAfterASignedNotify() throws Exception {
        assumeInstalled("knotd");
        assumeInstalled("dig");
        start(loopbackOnly(Optional.of(KEY)));
        int knotPort = freePort();
        Path dir = Files.createDirectories(tmp.resolve("knot"));
        Path conf = dir.resolve("knot.conf");
        Files.writeString(conf, String.join("\n",
                "server:",
                "  listen: 127.0.0.1@" + knotPort,
                "  rundir: \"" + dir + "\"",
                "log:",
                "  - target: stdout",
                "    any: info",
                "database:",
                "  storage: \"" + dir + "\"",
                "key:",
                "  - id: " + KEY.name(),
                "    algorithm: hmac-sha256",
                "    secret: " + KEY.secret(),
                "remote:",
                "  - id: node",
                "    address: 127.0.0.1@" + server.port(),
                "    key: " + KEY.name(),
                "acl:",
                "  - id: node-notify",
                "    address: 127.0.0.1",
                "    key: " + KEY.name(),
                "    action: notify",
                "  - id: local-axfr",
                "    address: 127.0.0.1",
                "    action: transfer",
                "template:",
                "  - id: default",
                "    storage: \"" + dir + "\"",
                "    zonefile-sync: -1",
                "    zonefile-load: none",
                "    journal-content: changes",
                "zone:",
                "  - domain: " + ZONE,
                "    master: node",
                "    acl: [node-notify, local-axfr]",
                ""));
        Process knot = new ProcessBuilder(toolPath("knotd"), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("knot.log").toFile()).start();
        try {
            followsByIxfrAfterSignedNotify(knotPort, "knot.log",
                    log -> log.contains("IXFR, incoming") && log.contains("serial 2024010103 -> 2024010104")
                            && !log.contains("fallback to AXFR"));
        } finally {
            knot.destroy();
            knot.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void bindSecondaryWithTsigTakesTheZoneThenAnIxfrAfterASignedNotify() throws Exception {
        assumeInstalled("named");
        assumeInstalled("dig");
        start(loopbackOnly(Optional.of(KEY)));
        int bindPort = freePort();
        Path dir = Files.createDirectories(tmp.resolve("bind"));
        Path conf = dir.resolve("named.conf");
        Files.writeString(conf, String.join("\n",
                "key \"" + KEY.name() + "\" { algorithm hmac-sha256; secret \"" + KEY.secret() + "\"; };",
                "controls { };", // no rndc channel on the fixed port 953
                "options {",
                "  directory \"" + dir + "\";",
                "  pid-file \"" + dir.resolve("named.pid") + "\";",
                "  listen-on port " + bindPort + " { 127.0.0.1; };",
                "  listen-on-v6 { none; };",
                "  recursion no;",
                "  dnssec-validation no;",
                "  notify no;", // never NOTIFY the zone's NS names
                "  query-source address 127.0.0.1;", // whatever BIND asks on its own cannot leave loopback
                "  transfer-source 127.0.0.1;",
                "  allow-transfer { 127.0.0.1; };",
                "};",
                "zone \"" + ZONE + "\" {",
                "  type secondary;",
                "  file \"" + dir.resolve("xfr.test.db") + "\";",
                "  primaries { 127.0.0.1 port " + server.port() + " key \"" + KEY.name() + "\"; };",
                "  allow-notify { key \"" + KEY.name() + "\"; };",
                "};",
                ""));
        Process bind = new ProcessBuilder(toolPath("named"), "-g", "-4", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("named.log").toFile()).start();
        try {
            // BIND 9.18 does not name the transfer type at this log level; an IXFR is the second
            // transfer carrying a fraction of the first one's records (and a journal next to the zone file)
            followsByIxfrAfterSignedNotify(bindPort, "named.log", log -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Transfer completed: \\d+ messages, (\\d+) records")
                        .matcher(log);
                List<Integer> counts = new ArrayList<>();
                while (m.find()) {
                    counts.add(Integer.parseInt(m.group(1)));
                }
                return counts.size() == 2 && counts.get(1) < counts.get(0) / 4 && log.contains("transferred serial 2024010104")
                        && Files.exists(dir.resolve("xfr.test.db.jnl"));
            });
        } finally {
            bind.destroy();
            bind.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A secondary started against the node (TSIG): it must bootstrap to v3, take v4 after a signed
     * NOTIFY by IXFR (its log tells), and then serve exactly the node's records.
     */
    void followsByIxfrAfterSignedNotify(int secondaryPort, String logFile, java.util.function.Predicate<String> tookIxfr)
            throws Exception {
        awaitSoa(secondaryPort, "2024010103", logFile); // the first transfer: AXFR, signed
        serveV4AndNotify(secondaryPort, Optional.of(KEY));
        awaitSoa(secondaryPort, "2024010104", logFile);
        String log = Files.readString(tmp.resolve(logFile));
        assertTrue(tookIxfr.test(log), "the secondary took the new serial as an IXFR:\n" + log);
        List<String> fromNode = records(run("dig", "-p", port(), "-y", KEY.spec(), "@127.0.0.1", ZONE, "AXFR",
                "+nocmd", "+nostats", "+nocomments"));
        List<String> fromSecondary = records(run("dig", "-p", Integer.toString(secondaryPort), "@127.0.0.1", ZONE, "AXFR",
                "+nocmd", "+nostats", "+nocomments"));
        fromNode.removeIf(l -> l.contains("TSIG"));
        assertTrue(fromNode.size() > 80, "the node's AXFR: " + fromNode.size() + " records");
        assertEquals(new java.util.TreeSet<>(fromNode), new java.util.TreeSet<>(fromSecondary),
                "the secondary serves what the node serves after the IXFR");
    }

    /** The node switches to v4 (journaled, so IXFR can send the diff) and NOTIFYs the secondary. */
    void serveV4AndNotify(int secondaryPort, Optional<TsigKey> key) throws Exception {
        Zone v4 = TestZones.zone(ZONE, 2024010104, 40, 3);
        journal.switched(new VersionSwitch(v3, v4, ZoneDiff.between(v3, v4), 0, ContentDigest.of(v4), Instant.now(), 0));
        served.switchTo(v4);
        NotifyTarget secondary = NotifyTarget.parse("127.0.0.1:" + secondaryPort);
        try (Notifier notifier = new Notifier(List.of(secondary), key, 4, Duration.ofMillis(500))) {
            assertTrue(notifier.notify(secondary, v4.soa()), "the secondary acknowledges the NOTIFY"
                    + (key.isPresent() ? " (TSIG-signed)" : ""));
        }
    }

    void awaitSoa(int port, String serial, String logFile) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = runAllowingFailure("dig", "-p", Integer.toString(port), "@127.0.0.1", ZONE, "SOA", "+short", "+time=1", "+tries=1");
            if (last.contains(" " + serial + " ")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the secondary never answered serial " + serial + "; last answer: " + last + "\nits log:\n"
                + Files.readString(tmp.resolve(logFile)));
    }

    static int countNonSoa(ZoneDiff d) {
        return (int) (d.removed().stream().filter(r -> !(r instanceof org.xbill.DNS.SOARecord)).count()
                + d.added().stream().filter(r -> !(r instanceof org.xbill.DNS.SOARecord)).count());
    }

    String port() {
        return Integer.toString(server.port());
    }

    /** Resource-record lines of dig/kdig output (no comments, no blank lines). */
    static List<String> records(String out) {
        List<String> rrs = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith(";")) {
                rrs.add(l);
            }
        }
        return rrs;
    }

    static String runAllowingFailure(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
