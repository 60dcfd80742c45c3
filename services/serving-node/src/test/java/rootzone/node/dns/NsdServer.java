package rootzone.node.dns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** NSD serving one zone file on a loopback port from a temporary configuration, for comparisons. */
final class NsdServer implements AutoCloseable {

    static final String IDENTITY = "rz-test";

    private final Process process;
    final int port;
    private final Path dir;

    private NsdServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    static NsdServer start(Path zoneFile, Path dir) throws Exception {
        return start(zoneFile, dir, "");
    }

    /** @param clauses more top-level configuration, e.g. a {@code key:} clause */
    static NsdServer start(Path zoneFile, Path dir, String clauses) throws Exception {
        DnsTestSupport.assumeTool("nsd");
        DnsTestSupport.assumeTool("nsd-checkconf");
        int port = DnsTestSupport.freePort();
        Files.createDirectories(dir);
        String conf = "server:\n"
                + "  ip-address: 127.0.0.1@" + port + "\n"
                + "  username: \"\"\n"
                + "  chroot: \"\"\n"
                + "  database: \"\"\n"
                + "  pidfile: \"" + dir.resolve("nsd.pid") + "\"\n"
                + "  zonesdir: \"" + zoneFile.getParent() + "\"\n"
                + "  xfrdfile: \"" + dir.resolve("xfrd.state") + "\"\n"
                + "  xfrdir: \"" + dir + "\"\n"
                + "  zonelistfile: \"" + dir.resolve("zone.list") + "\"\n"
                + "  server-count: 1\n"
                + "  identity: \"" + IDENTITY + "\"\n"
                + "  hide-version: yes\n"
                + "  verbosity: 1\n"
                // Debian's NSD limits responses to 200/s per /24 by default (RRL): off, or its TC
                // "slips" would show up as differences once the queries come fast enough
                + "  rrl-ratelimit: 0\n"
                + "  rrl-whitelist-ratelimit: 0\n"
                + "remote-control:\n  control-enable: no\n"
                + clauses
                + "zone:\n  name: \".\"\n  zonefile: \"" + zoneFile.getFileName() + "\"\n";
        Path confFile = dir.resolve("nsd.conf");
        Files.writeString(confFile, conf);
        DnsTestSupport.run(dir, DnsTestSupport.toolPath("nsd-checkconf"), confFile.toString());
        Process p = new ProcessBuilder(DnsTestSupport.toolPath("nsd"), "-d", "-c", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.log").toFile()).start();
        NsdServer nsd = new NsdServer(p, port, dir);
        nsd.awaitReady();
        return nsd;
    }

    private void awaitReady() throws Exception {
        byte[] q = Message.newQuery(Record.newRecord(Name.root, Type.SOA, 1)).toWire();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nsd exited: " + Files.readString(dir.resolve("nsd.log")));
            }
            byte[] r = DnsTestSupport.udp(port, q, 300);
            if (r != null && new Message(r).getRcode() == 0) {
                return;
            }
        }
        close();
        throw new IOException("nsd did not answer within 30 s: " + Files.readString(dir.resolve("nsd.log")));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
