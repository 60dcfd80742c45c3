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
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
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

/**
 * Serves DNS over UDP and TCP on one address and port from a ServedZone.
 *
 * <p>UDP: one blocking DatagramChannel per receiver thread, all bound to the same port with
 * SO_REUSEPORT so the kernel spreads clients over them (one shared channel where the option is
 * missing). TCP (RFC 7766): a thread per connection up to a limit (connections beyond it are closed at
 * once), 2-byte length framing, pipelined queries answered in order, closed after an idle timeout.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DnsServer.class.getName());

    /**
     * @param address        where to listen (loopback in tests)
     * @param port           0 picks a free port, see {@link DnsServer#port()}
     * @param udpThreads     receiver threads (one per core is right)
     * @param tcpConnections most TCP connections served at once
     * @param tcpIdleTimeout a connection with no query for this long is closed (RFC 7766 §6.2.3)
     */
    public record Options(InetAddress address, int port, int udpThreads, int tcpConnections, Duration tcpIdleTimeout) {
        public Options {
            if (udpThreads < 1 || tcpConnections < 1 || port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid server options: " + udpThreads + " UDP threads, "
                        + tcpConnections + " TCP connections, port " + port);
            }
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
    private final List<DatagramChannel> udp = new ArrayList<>();
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
        for (DatagramChannel ch : udp) {
            int n = udp.size() == 1 ? options.udpThreads() : 1;
            for (int i = 0; i < n; i++) {
                startThread("dns-udp-" + threads.size(), () -> serveUdp(ch));
            }
        }
        tcpWorkers = new ThreadPoolExecutor(0, options.tcpConnections(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "dns-tcp-conn");
                    t.setDaemon(true);
                    return t;
                });
        startThread("dns-tcp-accept", this::acceptTcp);
    }

    /** Binds UDP first (an ephemeral port when 0 was asked) and TCP to the same port. */
    private void bind() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = options.port();
            DatagramChannel first = DatagramChannel.open();
            boolean reusePort = first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            if (reusePort) {
                first.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            first.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            first.bind(new InetSocketAddress(options.address(), port));
            int actual = ((InetSocketAddress) first.getLocalAddress()).getPort();
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
                DatagramChannel ch = DatagramChannel.open();
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                ch.bind(new InetSocketAddress(options.address(), actual));
                udp.add(ch);
            }
            tcp = server;
            boundPort = actual;
            return;
        }
        throw last;
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
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /**
     * One receiver: direct buffers, because the JDK copies a heap buffer through a temporary direct
     * one on every receive and send anyway; here only the query's and the response's own bytes are
     * copied, once each, between the buffers and the arrays the processor works on.
     */
    private void serveUdp(DatagramChannel ch) {
        byte[] in = new byte[65535];
        byte[] out = new byte[QueryProcessor.MAX_MESSAGE];
        ByteBuffer inBuf = ByteBuffer.allocateDirect(65535);
        ByteBuffer outBuf = ByteBuffer.allocateDirect(QueryProcessor.MAX_MESSAGE);
        ParsedQuery q = new ParsedQuery();
        while (running) {
            SocketAddress from;
            int length;
            try {
                inBuf.clear();
                from = ch.receive(inBuf);
                length = inBuf.position();
                inBuf.flip().get(in, 0, length);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "UDP receive failed", e);
                continue;
            }
            try {
                int n = processor.process(in, length, false, q, out);
                if (n > 0) {
                    outBuf.clear();
                    outBuf.put(out, 0, n).flip();
                    ch.send(outBuf, from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad packet or a failed send must never stop the receiver
                LOG.log(Level.WARNING, "UDP query from " + from + " failed", e);
            }
        }
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
        for (DatagramChannel ch : udp) {
            closeQuietly(ch);
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
