import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The fault suite's loopback TCP proxy in front of a local cluster's proxied listeners (ClusterLayout):
 * {@code java Proxy.java CLUSTER_PROPERTIES FIRST_PORT BROKERS} listens on 127.0.0.1:FIRST_PORT+i and
 * forwards each connection to broker i's {@code broker.i.proxied.port}, read from the layout when the
 * connection comes (the layout is written by {@code rootzone up}, after this starts).
 *
 * <p>A node that bootstraps here is cut off from the cluster by {@code kill -STOP} of this process and
 * restored by {@code kill -CONT}: while stopped, the kernel still completes handshakes into the backlog
 * but nothing is forwarded either way, as when a network drops the node's packets. The brokers and
 * every other client are untouched. It needs nothing but the JDK (no iptables, no network namespaces).
 */
public final class Proxy {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java Proxy.java CLUSTER_PROPERTIES FIRST_PORT BROKERS");
            System.exit(2);
        }
        Path layout = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int brokers = Integer.parseInt(args[2]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < brokers; i++) {
            int broker = i;
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback, first + i), 50);
            new Thread(() -> accept(server, layout, broker, loopback), "accept-" + i).start();
        }
        System.out.println("proxy: 127.0.0.1:" + first + ".." + (first + brokers - 1) + " -> proxied listeners of " + layout);
    }

    private static void accept(ServerSocket server, Path layout, int broker, InetAddress loopback) {
        while (true) {
            try {
                Socket client = server.accept();
                try {
                    Socket upstream = new Socket(loopback, target(layout, broker));
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    client.close(); // broker down: the client sees the connection closed, as it would without the proxy
                }
            } catch (IOException e) {
                System.err.println("proxy: " + e);
            }
        }
    }

    private static int target(Path layout, int broker) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(layout)) {
            p.load(in);
        }
        String port = p.getProperty("broker." + broker + ".proxied.port");
        if (port == null) {
            throw new IOException(layout + " has no proxied listener for broker " + broker);
        }
        return Integer.parseInt(port);
    }

    /** Copies from one socket to the other until either side closes, then closes both. */
    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
