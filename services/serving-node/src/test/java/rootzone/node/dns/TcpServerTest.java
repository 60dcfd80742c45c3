package rootzone.node.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** TCP per RFC 7766: pipelining in order, idle timeout, many connections, the connection limit, the transfer hook. */
class TcpServerTest {

    private final ServedZone served = new ServedZone();

    @BeforeEach
    void zone() throws Exception {
        served.switchTo(QueryProcessorTest.zone(7));
    }

    private DnsServer server(TransferHandler handler, int connections, Duration idle) throws Exception {
        DnsServer s = new DnsServer(served, AnswerConfig.defaults(NodeIdentity.hidden()), new QueryStats(), handler,
                new DnsServer.Options(InetAddress.getLoopbackAddress(), 0, 1, connections, idle));
        s.start();
        return s;
    }

    private static byte[] query(int id, String name, int type) {
        Message m = Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN));
        m.getHeader().setID(id);
        return m.toWire();
    }

    @Test
    void pipelinedQueriesAreAnsweredInOrderOnOneConnection() throws Exception {
        try (DnsServer s = server(null, 8, Duration.ofSeconds(5))) {
            List<byte[]> queries = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                queries.add(query(i + 1, i % 2 == 0 ? "nope" + i + "." : "www.example.", Type.A));
            }
            List<byte[]> responses = DnsTestSupport.tcp(s.port(), queries);
            for (int i = 0; i < 100; i++) {
                Message r = new Message(responses.get(i));
                assertEquals(i + 1, r.getHeader().getID());
                assertEquals(i % 2 == 0 ? Rcode.NXDOMAIN : Rcode.NOERROR, r.getRcode());
            }
        }
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        try (DnsServer s = server(null, 8, Duration.ofMillis(300)); Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            c.setSoTimeout(5000);
            long t0 = System.nanoTime();
            try {
                int b = c.getInputStream().read();
                assertEquals(-1, b);
            } catch (java.net.SocketException reset) {
                // closed by the server: also fine
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 4000, "closed after " + ms + " ms");
        }
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        try (DnsServer s = server(null, 64, Duration.ofSeconds(5))) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < 32; c++) {
                    int base = c * 10;
                    results.add(pool.submit(() -> {
                        List<byte[]> qs = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            qs.add(query(base + i, ".", Type.SOA));
                        }
                        int ok = 0;
                        for (byte[] r : DnsTestSupport.tcp(s.port(), qs)) {
                            ok += new Message(r).getRcode() == Rcode.NOERROR ? 1 : 0;
                        }
                        return ok;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : results) {
                    total += f.get();
                }
                assertEquals(320, total);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        try (DnsServer s = server(null, 1, Duration.ofSeconds(5));
             Socket first = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            // the first connection holds the only worker once it sent a query
            DataOutputStream out = new DataOutputStream(first.getOutputStream());
            byte[] q = query(1, ".", Type.SOA);
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            DataInputStream in = new DataInputStream(first.getInputStream());
            in.readFully(new byte[in.readUnsignedShort()]);
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
                second.setSoTimeout(3000);
                boolean closed;
                try {
                    DataOutputStream o2 = new DataOutputStream(second.getOutputStream());
                    o2.writeShort(q.length);
                    o2.write(q);
                    o2.flush();
                    closed = second.getInputStream().read() == -1;
                } catch (java.net.SocketException resetOrBrokenPipe) {
                    closed = true; // the server closed it before or while we wrote
                }
                assertTrue(closed, "second connection must be closed, not served");
            }
        }
    }

    @Test
    void transfersGoToTheHandlerWhichMayWriteSeveralMessages() throws Exception {
        List<Integer> seen = new ArrayList<>();
        TransferHandler handler = (query, qtype, zone, client, sink) -> {
            seen.add(qtype);
            Message first = new Message(query);
            first.getHeader().setFlag(org.xbill.DNS.Flags.QR);
            first.addRecord(zone.zone().soa(), Section.ANSWER);
            byte[] w = first.toWire();
            sink.send(w, 0, w.length);
            sink.send(w, 0, w.length); // a transfer ends with the SOA again
        };
        try (DnsServer s = server(handler, 4, Duration.ofSeconds(5)); Socket c = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            c.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(c.getOutputStream());
            byte[] q = query(99, ".", Type.AXFR);
            out.writeShort(q.length);
            out.write(q);
            byte[] after = query(100, ".", Type.SOA);
            out.writeShort(after.length);
            out.write(after);
            out.flush();
            DataInputStream in = new DataInputStream(c.getInputStream());
            for (int i = 0; i < 2; i++) {
                byte[] r = new byte[in.readUnsignedShort()];
                in.readFully(r);
                Message m = new Message(r);
                assertEquals(99, m.getHeader().getID());
                assertEquals(7, ((org.xbill.DNS.SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial());
            }
            byte[] r = new byte[in.readUnsignedShort()];
            in.readFully(r);
            assertEquals(100, new Message(r).getHeader().getID(), "the connection goes on after the transfer");
            assertEquals(List.of(Type.AXFR), seen);
            assertEquals(1, s.stats().transfers());
        } catch (EOFException e) {
            throw new AssertionError("connection closed early", e);
        }
    }
}
