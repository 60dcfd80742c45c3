package rootzone.publisher.xfr;

import rootzone.zone.TsigKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import rootzone.publisher.support.TestZones;

/** The NOTIFY listener over a real UDP socket: answer format, source and TSIG restrictions. */
class NotifyListenerTest {

    private static final Name ZONE = TestZones.name("example.");
    private static final TsigKey KEY = TsigKey.of("hmac-sha256", "notify-key.", "bm90aWZ5LWtleS1zZWNyZXQtZm9yLXRoZS10ZXN0cw==");

    private final LinkedBlockingQueue<Name> triggered = new LinkedBlockingQueue<>();
    private NotifyListener listener;
    private DatagramSocket socket;

    @BeforeEach
    void start() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(3000);
        // The primary is 127.0.0.1: our test socket qualifies by address, whatever its port.
        Primary primary = new Primary(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53), Optional.of(KEY));
        listener = NotifyListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of(ZONE, primary),
                triggered::add);
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        socket.close();
    }

    private Message notifyFor(Name zone) {
        Message m = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
        m.getHeader().setOpcode(Opcode.NOTIFY);
        m.getHeader().unsetFlag(Flags.RD);
        m.getHeader().setFlag(Flags.AA);
        return m;
    }

    private Message exchange(Message query, TSIG sign) throws Exception {
        if (sign != null) {
            query.setTSIG(sign);
        }
        byte[] wire = query.toWire(512);
        socket.send(new DatagramPacket(wire, wire.length, listener.localAddress()));
        DatagramPacket reply = new DatagramPacket(new byte[512], 512);
        socket.receive(reply);
        byte[] answer = java.util.Arrays.copyOf(reply.getData(), reply.getLength());
        Message response = new Message(answer);
        if (sign != null && response.getTSIG() != null) {
            // The response MAC covers the request MAC: take it from what we actually sent.
            assertEquals(Rcode.NOERROR, sign.verify(response, answer, new Message(wire).getTSIG()), "response TSIG verifies");
        }
        return response;
    }

    @Test
    void signedNotifyFromThePrimaryIsAnsweredAndTriggersAPull() throws Exception {
        Message query = notifyFor(ZONE);
        Message response = exchange(query, KEY.tsig());
        assertEquals(query.getHeader().getID(), response.getHeader().getID());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertEquals(Opcode.NOTIFY, response.getHeader().getOpcode());
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(ZONE, response.getQuestion().getName());
        assertTrue(response.isSigned(), "answer to a signed NOTIFY is signed");
        assertEquals(ZONE, triggered.poll(3, TimeUnit.SECONDS));
    }

    @Test
    void notifyOverTcpIsAnsweredToo() throws Exception {
        Message query = notifyFor(ZONE);
        query.setTSIG(KEY.tsig());
        byte[] wire = query.toWire(65535);
        try (java.net.Socket tcp = new java.net.Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
            tcp.setSoTimeout(3000);
            var out = new java.io.DataOutputStream(tcp.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            var in = new java.io.DataInputStream(tcp.getInputStream());
            byte[] answer = in.readNBytes(in.readUnsignedShort());
            Message response = new Message(answer);
            assertEquals(query.getHeader().getID(), response.getHeader().getID());
            assertEquals(Rcode.NOERROR, response.getRcode());
            assertTrue(response.getHeader().getFlag(Flags.AA));
            assertEquals(Rcode.NOERROR, KEY.tsig().verify(response, answer, new Message(wire).getTSIG()));
        }
        assertEquals(ZONE, triggered.poll(3, TimeUnit.SECONDS));
    }

    @Test
    void unsignedNotifyIsRefusedWhenTheZoneHasAKey() throws Exception {
        Message response = exchange(notifyFor(ZONE), null);
        assertEquals(Rcode.NOTAUTH, response.getRcode());
        assertFalse(response.getHeader().getFlag(Flags.AA));
        assertNull(triggered.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void notifySignedWithAnotherSecretIsRefused() throws Exception {
        TSIG forged = TsigKey.of("hmac-sha256", "notify-key.", "Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0LWZvcmdlZA==").tsig();
        Message query = notifyFor(ZONE);
        query.setTSIG(forged);
        byte[] wire = query.toWire(512);
        socket.send(new DatagramPacket(wire, wire.length, listener.localAddress()));
        DatagramPacket reply = new DatagramPacket(new byte[512], 512);
        socket.receive(reply);
        assertEquals(Rcode.NOTAUTH, new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength())).getRcode());
        assertNull(triggered.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void notifyForAnUnknownZoneIsRefused() throws Exception {
        Message response = exchange(notifyFor(TestZones.name("other.")), KEY.tsig());
        assertEquals(Rcode.NOTAUTH, response.getRcode());
        assertNull(triggered.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void aQueryIsNotANotify() throws Exception {
        Message query = Message.newQuery(Record.newRecord(ZONE, Type.SOA, DClass.IN));
        Message response = exchange(query, null);
        assertEquals(Rcode.NOTIMP, response.getRcode());
        assertNull(triggered.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void notifyFromAnotherAddressIsRefused() throws Exception {
        byte[] answer = listener.handle(notifyFor(ZONE).toWire(512), InetAddress.getByName("192.0.2.7"));
        assertEquals(Rcode.REFUSED, new Message(answer).getRcode());
        assertNull(triggered.poll(300, TimeUnit.MILLISECONDS));
    }
}
