package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** The content root as docs/security.md defines it, kept in step by the deltas (O(change)) and by full builds alike. */
class ContentRootTest {

    /** The definition, computed from the records alone (dnsjava's own canonical wire form), sharing no code with ContentRoot. */
    static byte[] byDefinition(List<Record> records) throws Exception {
        List<byte[]> blocks = new ArrayList<>();
        MessageDigest block = MessageDigest.getInstance("SHA-256");
        block.update((byte) 0);
        boolean open = false;
        for (int i = 0; i < records.size(); i++) {
            Record r = records.get(i);
            block.update(r.toWireCanonical());
            open = true;
            boolean ownerEnds = i + 1 == records.size() || !records.get(i + 1).getName().equals(r.getName());
            if (ownerEnds && (fnv1a(r.getName().toWireCanonical()) % 64 == 0 || i + 1 == records.size())) {
                blocks.add(block.digest());
                block.update((byte) 0);
                open = false;
            }
        }
        assertFalse(open);
        List<byte[]> pages = new ArrayList<>();
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        page.write(1);
        for (int k = 0; k < blocks.size(); k++) {
            page.write(blocks.get(k));
            if ((blocks.get(k)[0] & 0xff) % 64 == 0 || k + 1 == blocks.size()) {
                pages.add(MessageDigest.getInstance("SHA-256").digest(page.toByteArray()));
                page.reset();
                page.write(1);
            }
        }
        MessageDigest root = MessageDigest.getInstance("SHA-256");
        root.update("rootzone content root v1".getBytes(StandardCharsets.US_ASCII));
        root.update(new byte[] {0, 0, 0, (byte) (pages.size() >>> 8), (byte) pages.size()});
        pages.forEach(root::update);
        return root.digest();
    }

    private static long fnv1a(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return Integer.toUnsignedLong(h);
    }

    @Test
    void theRootOfAZoneIsTheDefinitionsAndFollowsEveryDelta() throws Exception {
        Random random = new Random(8976);
        Zone zone = SyntheticZone.of(Name.root, 30_000, 2026010100L);
        assertArrayEquals(byDefinition(zone.records()), ContentRoot.of(zone));
        for (int v = 0; v < 20; v++) {
            byte[] before = ContentRoot.of(zone);
            zone = SyntheticZone.randomDelta(zone, random, 1 + random.nextInt(20)).applyTo(zone);
            byte[] incremental = ContentRoot.of(zone);
            assertFalse(Arrays.equals(before, incremental), "a new version, a new root");
            Zone full = Zone.of(Name.root, new ArrayList<>(zone.records()));
            assertArrayEquals(ContentRoot.of(full), incremental, "serial " + zone.serial());
            if (v % 5 == 0) {
                assertArrayEquals(byDefinition(zone.records()), incremental);
            }
        }
    }

    @Test
    void anyChangeOfARecordChangesTheRoot() {
        Zone zone = SyntheticZone.of(Name.root, 5_000, 1);
        byte[] root = ContentRoot.of(zone);
        Record r = zone.records().get(zone.size() / 3);
        Record ttl = Record.newRecord(r.getName(), r.getType(), r.getDClass(), r.getTTL() + 1, r.rdataToWireCanonical());
        Zone changedTtl = new ZoneDiff(1, 1, List.of(r), List.of(ttl)).applyTo(zone);
        assertFalse(Arrays.equals(root, ContentRoot.of(changedTtl)));
        Zone removed = new ZoneDiff(1, 1, List.of(r), List.of()).applyTo(zone);
        assertFalse(Arrays.equals(root, ContentRoot.of(removed)));
        Zone back = new ZoneDiff(1, 1, List.of(), List.of(r)).applyTo(removed);
        assertArrayEquals(root, ContentRoot.of(back), "the same records, the same root");
    }

    @Test
    void anEmptyZoneHasNoPages() throws Exception {
        byte[] empty = ContentRoot.of(Zone.of(Name.root, List.of()));
        assertArrayEquals(byDefinition(List.of()), empty);
        assertEquals(32, empty.length);
        assertTrue(Arrays.equals(empty, ContentRoot.of(Zone.of(Name.root, List.of()))));
    }

    @Test
    void theRealRootZone() throws Exception {
        Zone zone = ZoneParser.parse(RootZoneHistory.version(0), Name.root);
        assertArrayEquals(byDefinition(zone.records()), ContentRoot.of(zone));
    }
}
