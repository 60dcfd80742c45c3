package rootzone.publisher.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import rootzone.publisher.xfr.Primary;
import rootzone.publisher.xfr.TransferException;
import rootzone.zone.TsigKey;
import rootzone.publisher.xfr.ZoneTransferClient;
import rootzone.testsupport.ExternalTools;

/**
 * A real Knot DNS primary for one zone, started as a child process on a loopback port with a
 * temporary configuration: transfers allowed to 127.0.0.1 with a TSIG key, NOTIFY sent (signed) to
 * the publisher's port, and zone-file changes turned into journal differences so it can serve IXFR.
 */
public final class KnotPrimary implements AutoCloseable {

    public static final String KEY_NAME = "xfr-key.";
    public static final String KEY_SECRET = "c2VjcmV0LXNoYXJlZC13aXRoLXRoZS1wdWJsaXNoZXItMDEyMzQ1Njc4OQ==";

    private final Path dir;
    private final Path config;
    private final Path zoneFile;
    private final String knotc;
    private final String origin;
    private final int port;
    private final Process process;

    private KnotPrimary(Path dir, Path config, Path zoneFile, String knotc, String origin, int port, Process process) {
        this.dir = dir;
        this.config = config;
        this.zoneFile = zoneFile;
        this.knotc = knotc;
        this.origin = origin;
        this.port = port;
        this.process = process;
    }

    /** Skips the test (with the reason) when knotd/knotc are not installed. */
    public static KnotPrimary start(Path dir, String origin, String zoneText, int notifyPort, boolean journal)
            throws IOException, InterruptedException {
        String knotd = ExternalTools.find("knotd");
        String knotc = ExternalTools.find("knotc");
        Assumptions.assumeTrue(knotd != null && knotc != null,
                "knotd/knotc not installed (Debian package 'knot'): skipping the test against a real primary");
        int port = ExternalTools.freePort();
        Files.createDirectories(dir.resolve("db"));
        Path zoneFile = dir.resolve("zone.db");
        Files.writeString(zoneFile, zoneText, StandardCharsets.US_ASCII);
        Path config = dir.resolve("knot.conf");
        Files.writeString(config, String.join("\n", List.of(
                "server:",
                "    rundir: \"" + dir + "\"",
                "    pidfile: \"" + dir.resolve("knot.pid") + "\"",
                "    listen: 127.0.0.1@" + port,
                "database:",
                "    storage: \"" + dir.resolve("db") + "\"",
                "log:",
                "  - target: stderr",
                "    any: info",
                "key:",
                "  - id: " + KEY_NAME,
                "    algorithm: hmac-sha256",
                "    secret: " + KEY_SECRET,
                "remote:",
                "  - id: publisher",
                "    address: 127.0.0.1@" + notifyPort,
                "    key: " + KEY_NAME,
                "acl:",
                "  - id: xfr",
                "    address: 127.0.0.1",
                "    key: " + KEY_NAME,
                "    action: transfer",
                "template:",
                "  - id: default",
                "    storage: \"" + dir + "\"",
                "    zonefile-sync: -1",
                // difference: a reload with a new serial becomes a journal entry, so IXFR can be served.
                "    zonefile-load: " + (journal ? "difference" : "whole"),
                "    journal-content: " + (journal ? "changes" : "none"),
                "zone:",
                "  - domain: " + origin,
                "    file: \"" + zoneFile + "\"",
                "    notify: publisher",
                "    acl: xfr",
                "")), StandardCharsets.US_ASCII);
        Process p = new ProcessBuilder(knotd, "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("knotd.log").toFile()).start();
        KnotPrimary knot = new KnotPrimary(dir, config, zoneFile, knotc, origin, port, p);
        knot.awaitSerial(TestZones.parse(zoneText).serial(), Duration.ofSeconds(15));
        return knot;
    }

    public Primary primary() {
        return new Primary(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                Optional.of(TsigKey.of("hmac-sha256", KEY_NAME, KEY_SECRET)));
    }

    public int port() {
        return port;
    }

    /** Rewrites the zone file and has Knot reload it; Knot then NOTIFYs the publisher. */
    public void update(String zoneText) throws IOException, InterruptedException {
        Files.writeString(zoneFile, zoneText, StandardCharsets.US_ASCII);
        knotc("zone-reload", origin);
        awaitSerial(TestZones.parse(zoneText).serial(), Duration.ofSeconds(15));
    }

    /** Sends NOTIFY for the zone to its configured remotes now. */
    public void notifyNow() throws IOException, InterruptedException {
        knotc("zone-notify", origin);
    }

    private void knotc(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(knotc, "-c", config.toString(), "-s",
                dir.resolve("knot.sock").toString()));
        cmd.addAll(List.of(args));
        try {
            ExternalTools.run(dir, cmd.toArray(String[]::new));
        } catch (IOException failed) {
            throw new IOException(failed.getMessage() + "\n" + log(), failed);
        }
    }

    private void awaitSerial(long serial, Duration timeout) throws IOException, InterruptedException {
        ZoneTransferClient probe = new ZoneTransferClient(Duration.ofSeconds(1));
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("knotd exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (probe.probeSerial(TestZones.name(origin), primary()) == serial) {
                    return;
                }
            } catch (TransferException notYet) {
                last = notYet.getMessage();
            }
            Thread.sleep(100);
        }
        throw new IOException("knotd does not serve serial " + serial + " after " + timeout + " (" + last + "):\n" + log());
    }

    public String log() throws IOException {
        Path log = dir.resolve("knotd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
