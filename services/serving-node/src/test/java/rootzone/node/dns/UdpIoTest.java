package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Batched UDP (recvmmsg/sendmmsg, through our JNI and through Netty's epoll transport) against the
 * DatagramChannel path: the libraries are there where they should be, bursts from many clients are
 * answered byte for byte as the channel path answers them, each response goes back to the socket
 * that asked, bad datagrams inside a batch harm nothing, IPv6 works, a closed server stops at once and
 * frees its port, and a taken port is a clear error. Each of these runs for both batching kinds.
 */
class UdpIoTest {

    @TempDir
    static Path tmp;
    static ServedZone served = new ServedZone();
    static final int CLIENTS = 8;
    static final int PER_CLIENT = 400;

    @BeforeAll
    static void zone() throws Exception {
        served.switchTo(DnsTestSupport.parse(DnsTestSupport.signedRootZone(tmp)));
    }

    @Test
    void theBatchedLibraryIsBuiltWhereTheBuildCanCompileIt() {
        boolean buildable = NativeUdp.platform().equals("linux-amd64") && Files.isExecutable(Path.of("/usr/bin/gcc"));
        assumeTrue(buildable, "not Linux x86-64 with gcc: the node uses DatagramChannel here");
        assertTrue(NativeUdp.available(), "batched UDP should be available: " + NativeUdp.unavailableReason());
    }

    @Test
    void nettysEpollTransportLoadsOnLinuxX8664() {
        assumeTrue(NativeUdp.platform().equals("linux-amd64"), "not Linux x86-64: the node has Netty's epoll for that only");
        assertTrue(NettyUdpSocket.available(), "Netty's epoll transport should load: " + Epoll.unavailabilityCause());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UdpIo.class, names = {"BATCHED", "NETTY"})
    void burstsFromManyClientsAreAnsweredAsTheChannelPathAnswersThem(UdpIo io) throws Exception {
        assumeAvailable(io);
        List<byte[]> packets = packets();
        Map<Integer, byte[]> batched;
        Map<Integer, byte[]> channel;
        int largest;
        try (DnsServer b = server(io, InetAddress.getLoopbackAddress(), 0)) {
            assertEquals(kind(io), b.udpIo());
            batched = exchange(b.port(), packets);
            largest = b.udpSockets().stream().mapToInt(UdpSocket::largestBatch).max().orElse(0);
        }
        if (io == UdpIo.NETTY) {
            assertEquals(0, NettyUdpSocket.buffersInUse(), "every receive and response buffer is back in the pool");
        }
        try (DnsServer c = server(UdpIo.CHANNEL, InetAddress.getLoopbackAddress(), 0)) {
            assertEquals("channel", c.udpIo());
            channel = exchange(c.port(), packets);
        }
        assertTrue(largest > 1, "the bursts never formed a batch (largest " + largest + ")");
        assertTrue(batched.size() > packets.size() / 2, "most packets are queries and get answers: " + batched.size());
        assertEquals(channel.keySet(), batched.keySet(), "the same packets answered");
        for (Map.Entry<Integer, byte[]> e : channel.entrySet()) {
            assertTrue(Arrays.equals(e.getValue(), batched.get(e.getKey())), "response to packet " + e.getKey() + " differs");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UdpIo.class, names = {"BATCHED", "NETTY"})
    void ipv6Loopback(UdpIo io) throws Exception {
        assumeAvailable(io);
        InetAddress v6 = InetAddress.getByName("::1");
        try (DnsServer s = server(io, v6, 0); DatagramSocket client = new DatagramSocket(0, v6)) {
            assertEquals(kind(io), s.udpIo());
            client.setSoTimeout(2000);
            byte[] q = Message.newQuery(Record.newRecord(Name.root, Type.SOA, 1)).toWire();
            client.send(new DatagramPacket(q, q.length, v6, s.port()));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            client.receive(in);
            Message m = new Message(Arrays.copyOf(in.getData(), in.getLength()));
            assertEquals(Type.SOA, m.getSection(Section.ANSWER).get(0).getType());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UdpIo.class, names = {"BATCHED", "NETTY"})
    void closeStopsTheReceiversAndFreesThePort(UdpIo io) throws Exception {
        assumeAvailable(io);
        int port;
        long t0 = System.nanoTime();
        try (DnsServer s = server(io, InetAddress.getLoopbackAddress(), 0)) {
            assertEquals(kind(io), s.udpIo());
            port = s.port();
            assertNotNull(DnsTestSupport.udp(port, Message.newQuery(Record.newRecord(Name.root, Type.NS, 1)).toWire(), 2000));
            t0 = System.nanoTime();
        }
        // shutdown wakes the receivers at once; the receive timeout would take 250 ms a socket
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(2)) < 0, "close hung");
        try (DatagramSocket again = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UdpIo.class, names = {"BATCHED", "NETTY"})
    void aTakenPortIsAClearError(UdpIo io) throws Exception {
        assumeAvailable(io);
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DnsServer s = new DnsServer(served, AnswerConfig.defaults(new NodeIdentity("t", "t", null)), new QueryStats(), null,
                    new DnsServer.Options(InetAddress.getLoopbackAddress(), taken.getLocalPort(), 2, 4, Duration.ofSeconds(2),
                            io));
            IOException e = assertThrows(IOException.class, s::start);
            assertTrue(e.getMessage().contains("bind") && e.getMessage().contains("in use"), e.getMessage());
        }
    }

    /** Skips where the kind cannot run (not built, no epoll); the tests above fail where it should. */
    private static void assumeAvailable(UdpIo io) {
        switch (io) {
            case BATCHED -> assumeTrue(NativeUdp.available(), "batched UDP not built here: " + NativeUdp.unavailableReason());
            case NETTY -> assumeTrue(NettyUdpSocket.available(), "no Netty epoll here: " + Epoll.unavailabilityCause());
            default -> throw new IllegalArgumentException("not a batching kind: " + io);
        }
    }

    /** What DnsServer.udpIo() says for it. */
    private static String kind(UdpIo io) {
        return io.name().toLowerCase(Locale.ROOT);
    }

    private static DnsServer server(UdpIo io, InetAddress address, int port) throws IOException {
        DnsServer s = new DnsServer(served, AnswerConfig.defaults(new NodeIdentity("t", "t", null)), new QueryStats(), null,
                new DnsServer.Options(address, port, 2, 4, Duration.ofSeconds(2), io));
        s.start();
        return s;
    }

    /** Queries of every kind, with and without EDNS/DO, plus runts, responses and random bytes. */
    private static List<byte[]> packets() throws IOException {
        String[] names = {".", "com.", "www.big.", "huge.", "nonexistent.", "a.root-servers.net.", "signed3.", "xn--zz."};
        int[] types = {Type.SOA, Type.NS, Type.DNSKEY, Type.DS, Type.ANY, Type.A, Type.AAAA, Type.TXT};
        int[] payloads = {0, 512, 1232, 4096};
        Random random = new Random(42);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; packets.size() < CLIENTS * PER_CLIENT; i++) {
            byte[] p;
            switch (i % 10) {
                case 8 -> { // random bytes (QR clear, so some parse far enough to get FORMERR)
                    p = new byte[1 + random.nextInt(200)];
                    random.nextBytes(p);
                    if (p.length > 2) {
                        p[2] &= 0x7f;
                    }
                }
                case 9 -> { // a response: never answered
                    p = Message.newQuery(Record.newRecord(Name.root, Type.SOA, 1)).toWire();
                    p[2] |= (byte) 0x80;
                }
                default -> {
                    Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(names[random.nextInt(names.length)]),
                            types[random.nextInt(types.length)], 1));
                    int payload = payloads[random.nextInt(payloads.length)];
                    if (payload > 0) {
                        m.addRecord(new OPTRecord(payload, 0, 0, random.nextBoolean() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
                    }
                    p = m.toWire();
                }
            }
            packets.add(p);
        }
        return packets;
    }

    /**
     * Each client socket sends its share of the packets back to back (so receives return many at once),
     * then collects its responses; packet k carries the ID k so a response names its query. A response
     * that reaches another client than the one that asked fails the test.
     */
    private static Map<Integer, byte[]> exchange(int port, List<byte[]> packets) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        Map<Integer, byte[]> answers = new HashMap<>();
        List<DatagramSocket> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                DatagramSocket s = new DatagramSocket(0, lo);
                s.setReceiveBufferSize(4 << 20);
                s.setSoTimeout(1500);
                clients.add(s);
            }
            for (int k = 0; k < packets.size(); k++) {
                byte[] p = packets.get(k).clone();
                if (p.length >= 2) {
                    p[0] = (byte) (k >> 8);
                    p[1] = (byte) k;
                }
                clients.get(k % CLIENTS).send(new DatagramPacket(p, p.length, lo, port));
            }
            for (int c = 0; c < CLIENTS; c++) {
                DatagramSocket s = clients.get(c);
                DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
                while (true) {
                    try {
                        s.receive(in);
                    } catch (SocketTimeoutException done) {
                        break;
                    }
                    s.setSoTimeout(300); // the rest of this client's responses are queued already
                    int k = ((in.getData()[0] & 0xff) << 8) | (in.getData()[1] & 0xff);
                    assertEquals(c, k % CLIENTS, "response to packet " + k + " reached client " + c);
                    byte[] previous = answers.put(k, Arrays.copyOf(in.getData(), in.getLength()));
                    assertEquals(null, previous, "packet " + k + " answered twice");
                }
            }
        } finally {
            clients.forEach(DatagramSocket::close);
        }
        return answers;
    }
}
