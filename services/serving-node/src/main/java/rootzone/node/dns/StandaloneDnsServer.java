package rootzone.node.dns;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.xbill.DNS.Name;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * The DNS engine alone, without Quarkus or Kafka, serving one zone file: for benchmarks and manual
 * checks. Usage: {@code StandaloneDnsServer ZONEFILE ADDRESS PORT [UDP_THREADS [auto|batched|netty|channel]]}.
 */
public final class StandaloneDnsServer {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: StandaloneDnsServer ZONEFILE ADDRESS PORT [UDP_THREADS [auto|batched|netty|channel]]");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        Zone zone = ZoneParser.parse(Path.of(args[0]), Name.root);
        ServedZone served = new ServedZone();
        served.switchTo(zone);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        UdpIo io = args.length > 4 ? UdpIo.valueOf(args[4].toUpperCase(java.util.Locale.ROOT)) : UdpIo.AUTO;
        String host = InetAddress.getLocalHost().getHostName();
        DnsServer server = new DnsServer(served, AnswerConfig.defaults(new NodeIdentity(host, host, "rootzone")),
                new QueryStats(), null,
                new DnsServer.Options(InetAddress.getByName(args[1]), Integer.parseInt(args[2]), threads, 256,
                        Duration.ofSeconds(10), io));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.printf("serving %s (%d records) on %s port %d, %d UDP threads (%s), ready in %d ms%n", zone,
                zone.size(), args[1], server.port(), threads, server.udpIo(), (System.nanoTime() - t0) / 1_000_000);
        Thread.currentThread().join();
    }

    private StandaloneDnsServer() {}
}
