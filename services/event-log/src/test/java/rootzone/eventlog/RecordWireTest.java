package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import rootzone.events.ResourceRecords;
import rootzone.zone.Zone;

class RecordWireTest {

    @Test
    void roundTripKeepsCaseTtlAndOrder() {
        Zone zone = TestZones.rootLike(2025010100, 50, 0);
        List<Record> records = new ArrayList<>(zone.records());
        records.add(0, new TXTRecord(Name.fromConstantString("MiXeD.Case."), DClass.IN, 7, "Text \"quoted\""));
        ResourceRecords rrs = RecordWire.encode(records);
        assertEquals(records.size(), rrs.getCount());
        List<Record> back = RecordWire.decode(rrs);
        assertEquals(records, back);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(records.get(i).getTTL(), back.get(i).getTTL());
            assertEquals(records.get(i).getName().toString(), back.get(i).getName().toString(), "case");
        }
        assertEquals("MiXeD.Case.", back.get(0).getName().toString());
    }

    @Test
    void badWireIsRefusedClearly() {
        ResourceRecords rrs = RecordWire.encode(TestZones.rootLike(1, 3, 0).records());
        byte[] wire = rrs.getWire().array();
        ResourceRecords truncated = new ResourceRecords(rrs.getCount(), ByteBuffer.wrap(wire, 0, wire.length - 1).slice());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordWire.decode(truncated)).getMessage().contains("truncated"));
        ResourceRecords countTooLow = new ResourceRecords(rrs.getCount() - 1, ByteBuffer.wrap(wire));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordWire.decode(countTooLow)).getMessage().contains("left after"));
        ResourceRecords compressed = new ResourceRecords(1, ByteBuffer.wrap(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordWire.decode(compressed)).getMessage().contains("compressed"));
    }

    @Test
    void chunksStayUnderTheBudgetAndKeepEveryRecordInOrder() {
        Zone a = TestZones.rootLike(1, 6_000, 0);
        Zone b = TestZones.rootLike(2, 6_500, 3);
        var diff = rootzone.zone.ZoneDiff.between(a, b);
        List<Chunks.Part> parts = Chunks.ofDelta(diff.removed(), diff.added());
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        for (Chunks.Part p : parts) {
            assertTrue(p.removed().getWire().remaining() + p.added().getWire().remaining() <= Chunks.WIRE_BUDGET);
            removed.addAll(RecordWire.decode(p.removed()));
            added.addAll(RecordWire.decode(p.added()));
        }
        assertEquals(diff.removed(), removed);
        assertEquals(diff.added(), added);
        assertEquals(1, Chunks.ofDelta(diff.removed(), List.of()).size());
        assertEquals(List.of(), Chunks.ofDelta(List.of(), List.of()));
        assertEquals(2, Chunks.ofRecords(a.records()).size());
    }
}
