package rootzone.node.dns;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import rootzone.eventlog.LogThread;

/**
 * Serves DNS over UDP and TCP on one address and port from a ServedZone.
 *
 * <p>UDP: one socket per receiver thread, all bound to the same port with SO_REUSEPORT so the kernel
 * spreads clients over them (one shared socket where the option is missing); each receives and sends
 * in batches (recvmmsg/sendmmsg) where the native library is built, else through a DatagramChannel,
 * or through Netty's epoll transport when asked ({@link UdpSocket}). TCP (RFC 7766): a thread per
 * connection up to a limit (connections beyond it are closed at once), 2-byte length framing,
 * pipelined queries answered in order, closed after an idle timeout.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());

    /**
     * @param address        where to listen (loopback in tests)
     * @param port           0 picks a free port, see {@link DnsServer#port()}
     * @param udpThreads     receiver threads (one per core is right)
     * @param tcpConnections most TCP connections served at once
     * @param tcpIdleTimeout a connection with no query for this long is closed (RFC 7766 §6.2.3)
     * @param udpIo          batched (recvmmsg/sendmmsg), Netty's epoll transport, the JDK's channel, or batched where available
     */
    public record Options(InetAddress address, int port, int udpThreads, int tcpConnections, Duration tcpIdleTimeout,
                          UdpIo udpIo) {
        public Options {
            if (udpThreads < 1 || tcpConnections < 1 || port < 0 || port > 65535 || udpIo == null) {
                throw new IllegalArgumentException("invalid server options: " + udpThreads + " UDP threads, "
                        + tcpConnections + " TCP connections, port " + port + ", UDP I/O " + udpIo);
            }
        }

        public Options(InetAddress address, int port, int udpThreads, int tcpConnections, Duration tcpIdleTimeout) {
            this(address, port, udpThreads, tcpConnections, tcpIdleTimeout, UdpIo.AUTO);
        }

        public static Options loopback(int port) {
            return new Options(InetAddress.getLoopbackAddress(), port, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    128, Duration.ofSeconds(10));
        }
    }

    private final ServedZone served;
    private final QueryProcessor processor;
    private final TransferHandler transfers;
    private final Options options;
    private final List<UdpSocket> udp = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel tcp;
    private ThreadPoolExecutor tcpWorkers;
    private volatile boolean running;
    private int boundPort;

    /** @param transfers handler of AXFR/IXFR over TCP, or null to refuse them */
    public DnsServer(ServedZone served, AnswerConfig config, QueryStats stats, TransferHandler transfers, Options options) {
        this.served = served;
        this.transfers = transfers;
        this.options = options;
        this.processor = new QueryProcessor(served, config, stats, transfers != null);
    }

    public synchronized void start() throws IOException {
        if (running) {
            throw new IllegalStateException("already started");
        }
        running = true;
        try {
            bind();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        for (UdpSocket socket : udp) {
            int n = udp.size() == 1 ? options.udpThreads() : 1;
            for (int i = 0; i < n; i++) {
                startThread("dns-udp-" + threads.size(), () -> socket.serve(processor));
            }
        }
        tcpWorkers = new ThreadPoolExecutor(0, options.tcpConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                LogThread.daemons("dns-tcp-conn"));
        startThread("dns-tcp-accept", this::acceptTcp);
    }

    /** Binds UDP first (an ephemeral port when 0 was asked) and TCP to the same port. */
    private void bind() throws IOException {
        IOException last = null;
        boolean reusePort = UdpSocket.reusePortSupported(options.udpIo());
        for (int attempt = 0; attempt < 5; attempt++) {
            UdpSocket first = UdpSocket.open(new InetSocketAddress(options.address(), options.port()), reusePort,
                    options.udpIo());
            int actual = first.localPort();
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                server.bind(new InetSocketAddress(options.address(), actual), 256);
            } catch (IOException e) {
                first.close();
                server.close();
                last = e;
                if (options.port() != 0) {
                    throw e;
                }
                continue; // the ephemeral UDP port was taken on TCP: pick another
            }
            udp.add(first);
            for (int i = 1; reusePort && i < options.udpThreads(); i++) {
                udp.add(UdpSocket.open(new InetSocketAddress(options.address(), actual), true, options.udpIo()));
            }
            tcp = server;
            boundPort = actual;
            LOG.fine(() -> "DNS on " + options.address() + " port " + actual + ": " + udp.size() + " "
                    + udp.get(0).kind() + " UDP socket(s)");
            return;
        }
        throw last;
    }

    /** The UDP sockets, one per receiver where SO_REUSEPORT is supported (tests look inside). */
    List<UdpSocket> udpSockets() {
        return List.copyOf(udp);
    }

    /** "batched" (recvmmsg/sendmmsg), "netty" (Netty's epoll) or "channel" (DatagramChannel): how UDP is received and sent. */
    public String udpIo() {
        return udp.isEmpty() ? "none" : udp.get(0).kind();
    }

    /** The port bound (useful when 0 was asked). */
    public int port() {
        return boundPort;
    }

    public InetAddress address() {
        return options.address();
    }

    public QueryStats stats() {
        return processor.stats();
    }

    private void startThread(String name, Runnable r) {
        Thread t = LogThread.daemons(name).newThread(r);
        threads.add(t);
        t.start();
    }

    private void acceptTcp() {
        while (running) {
            Socket s;
            try {
                s = tcp.accept().socket();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "TCP accept failed", e);
                continue;
            }
            try {
                connections.add(s);
                tcpWorkers.execute(() -> serveTcp(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s); // over the connection limit (RFC 7766 §6.2.2 lets servers shed load)
            }
        }
    }

    private void serveTcp(Socket s) {
        byte[] query = new byte[65535];
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE + 2];
        ParsedQuery q = new ParsedQuery();
        try (s) {
            s.setSoTimeout((int) options.tcpIdleTimeout().toMillis());
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 8192));
            OutputStream os = new BufferedOutputStream(s.getOutputStream(), 16384);
            while (running) {
                int len;
                try {
                    len = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                in.readFully(query, 0, len);
                int n = processor.process(query, len, true, q, out);
                if (n == QueryProcessor.TRANSFER) {
                    os.flush();
                    ZoneIndex zone = served.current();
                    transfers.handle(java.util.Arrays.copyOf(query, len), q.qtype, zone, s.getInetAddress(),
                            (msg, off, l) -> {
                                os.write(l >> 8);
                                os.write(l);
                                os.write(msg, off, l);
                            });
                    os.flush();
                } else if (n > 0) {
                    os.write(n >> 8);
                    os.write(n);
                    os.write(out, 0, n);
                    if (in.available() == 0) {
                        os.flush(); // pipelined queries already read are answered in one write
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "TCP connection from " + s.getRemoteSocketAddress() + " ended", e);
        } finally {
            connections.remove(s);
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        for (UdpSocket socket : udp) {
            socket.close();
        }
        if (tcp != null) {
            closeQuietly(tcp);
        }
        for (Socket s : connections) {
            closeQuietly(s);
        }
        if (tcpWorkers != null) {
            tcpWorkers.shutdownNow();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
