package rootzone.zone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** Property tests of diff and apply over random zones and random edits, seeded so failures repeat. */
class ZoneDiffTest {

    private static final Name ORIGIN = Name.fromConstantString("example.");
    private static final long[] TTLS = {60, 300, 3600, 86400};

    @Test
    void applyOfDiffGivesTheTargetExactly() throws Exception {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            Zone a = Zone.of(ORIGIN, randomRecords(random, 1 + random.nextInt(120), 1));
            Zone b = Zone.of(ORIGIN, edit(random, a.records()));
            ZoneDiff forward = ZoneDiff.between(a, b);
            ZoneDiff backward = ZoneDiff.between(b, a);
            Zone applied = forward.applyTo(a);
            assertExactlyEqual(b, applied, "seed " + seed);
            assertExactlyEqual(a, backward.applyTo(b), "seed " + seed);
            // applyTo shares the RRsets of the owners it did not touch: the indexes are those of a fresh build
            assertSameIndexes(b, applied, "seed " + seed);
            assertSameIndexes(a, backward.applyTo(b), "seed " + seed);
            // the digest from cached RDATA is the digest of the records' own canonical wire form
            assertArrayEquals(plainDigest(b), ContentDigest.of(applied), "seed " + seed);
            assertArrayEquals(plainDigest(b), ContentDigest.of(b), "seed " + seed);
            assertEquals(forward.removed(), backward.added(), "seed " + seed);
            assertTrue(ZoneDiff.between(a, a).isEmpty(), "seed " + seed);
            assertTrue(ZoneDiff.between(b, forward.applyTo(a)).isEmpty(), "seed " + seed);
        }
    }

    @Test
    void diffOfAReparsedCopyIsEmpty() throws Exception {
        Zone a = Zone.of(ORIGIN, randomRecords(new Random(42), 200, 1));
        Zone copy = ZoneParser.parse(ZoneFileWriter.toText(a).getBytes(StandardCharsets.UTF_8), ORIGIN, "copy");
        // dnsjava's Master gives consecutive records of one owner the first spelling of its case, so
        // compare the text case-insensitively here (names are case-insensitive, RFC 4343).
        assertEquals(a, copy);
        assertEquals(ZoneFileWriter.toText(a).toLowerCase(java.util.Locale.ROOT),
                ZoneFileWriter.toText(copy).toLowerCase(java.util.Locale.ROOT));
        assertTrue(ZoneDiff.between(a, copy).isEmpty());
    }

    @Test
    void ttlOnlyChangeIsARemoveAndAnAdd() throws Exception {
        Zone a = ZoneTest.parse("$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\n@ 60 NS ns1\nns1 60 A 192.0.2.1\n");
        Zone b = ZoneTest.parse("$ORIGIN example.\n@ 60 IN SOA ns1 h 2 2 3 4 5\n@ 60 NS ns1\nns1 120 A 192.0.2.1\n");
        ZoneDiff diff = ZoneDiff.between(a, b);
        assertEquals(2, diff.removed().size());
        assertEquals(List.of(60L, 60L), diff.removed().stream().map(Record::getTTL).toList());
        assertEquals(List.of(120L), diff.added().stream().filter(r -> r.getType() == Type.A).map(Record::getTTL).toList());
        assertEquals(1, diff.fromSerial());
        assertEquals(2, diff.toSerial());
        Zone applied = diff.applyTo(a);
        assertExactlyEqual(b, applied, "TTL change");
        assertEquals(120, applied.rrset(Name.fromString("ns1.example."), Type.A).first().getTTL());
    }

    @Test
    void applyToTheWrongVersionFailsAndChangesNothing() throws Exception {
        Random random = new Random(5);
        Zone a = Zone.of(ORIGIN, randomRecords(random, 50, 1));
        Zone b = Zone.of(ORIGIN, edit(random, a.records()));
        Zone unrelated = Zone.of(ORIGIN, randomRecords(new Random(99), 50, 7));
        String before = ZoneFileWriter.toText(unrelated);
        ZoneDiff diff = ZoneDiff.between(a, b);
        assertThrows(IllegalArgumentException.class, () -> diff.applyTo(unrelated));
        assertThrows(IllegalArgumentException.class, () -> diff.applyTo(b), "applying twice");
        assertEquals(before, ZoneFileWriter.toText(unrelated));
    }

    /** Only the seams are compared when applying: an addition out of order or twice must still fail. */
    @Test
    void additionsOutOfOrderOrDuplicatedAreRefused() throws Exception {
        Zone a = ZoneTest.parse("$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nns1 60 A 192.0.2.1\nzz 60 A 192.0.2.9\n");
        Record b1 = Record.fromString(Name.fromString("b.example."), Type.A, DClass.IN, 60, "192.0.2.2", Name.root);
        Record b2 = Record.fromString(Name.fromString("c.example."), Type.A, DClass.IN, 60, "192.0.2.3", Name.root);
        Record tail = Record.fromString(Name.fromString("zzz.example."), Type.A, DClass.IN, 60, "192.0.2.4", Name.root);
        assertEquals(a.size() + 3, new ZoneDiff(1, 1, List.of(), List.of(b1, b2, tail)).applyTo(a).size());
        for (List<Record> bad : List.of(List.of(b2, b1), List.of(b1, b1), List.of(tail, b1), List.of(b1, tail, tail))) {
            ZoneDiff diff = new ZoneDiff(1, 1, List.of(), bad);
            assertThrows(IllegalArgumentException.class, () -> diff.applyTo(a), bad.toString());
        }
        Record present = a.records().get(1);
        assertThrows(IllegalArgumentException.class, () -> new ZoneDiff(1, 1, List.of(), List.of(present)).applyTo(a));
    }

    static byte[] plainDigest(Zone zone) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (Record r : zone.records()) {
            sha.update(r.toWireCanonical());
        }
        return sha.digest();
    }

    @Test
    void aRemovedRecordWithAnotherTtlIsRejected() throws Exception {
        Zone a = ZoneTest.parse("$ORIGIN example.\n@ 60 IN SOA ns1 h 1 2 3 4 5\nns1 60 A 192.0.2.1\n");
        Record stale = Record.fromString(Name.fromString("ns1.example."), Type.A, DClass.IN, 99, "192.0.2.1", Name.root);
        ZoneDiff diff = new ZoneDiff(1, 1, List.of(stale), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> diff.applyTo(a));
        assertTrue(e.getMessage().contains("TTL"), e.getMessage());
    }

    @Test
    void zonesOfDifferentOriginsCannotBeDiffed() throws Exception {
        Zone a = Zone.of(ORIGIN, randomRecords(new Random(1), 5, 1));
        Zone other = Zone.of(Name.fromString("other."), List.of());
        assertThrows(IllegalArgumentException.class, () -> ZoneDiff.between(a, other));
    }

    /** Zone.equals compares records and TTLs; also compare the printed text, the strictest view. */
    static void assertExactlyEqual(Zone expected, Zone actual, String context) {
        assertEquals(expected, actual, context);
        assertEquals(ZoneFileWriter.toText(expected), ZoneFileWriter.toText(actual), context);
    }

    /** RRsets, owners, existing names (empty non-terminals too), delegations and SOA as a fresh build has them. */
    static void assertSameIndexes(Zone expected, Zone actual, String context) throws Exception {
        assertEquals(expected.rrsets(), actual.rrsets(), context);
        assertEquals(expected.delegations(), actual.delegations(), context);
        assertEquals(expected.soa(), actual.soa(), context);
        java.util.Set<Name> names = new java.util.HashSet<>();
        for (Zone z : List.of(expected, actual)) {
            for (Record r : z.records()) {
                for (Name n = r.getName(); n.labels() > 1; n = new Name(n, 1)) {
                    names.add(n);
                    names.add(Name.concatenate(Name.fromConstantString("q"), n));
                }
            }
        }
        for (Name n : names) {
            assertEquals(expected.exists(n), actual.exists(n), context + ": exists " + n);
            assertEquals(expected.rrsetsAt(n), actual.rrsetsAt(n), context + ": rrsets at " + n);
            assertEquals(expected.delegationFor(n), actual.delegationFor(n), context + ": delegation for " + n);
        }
    }

    static List<Record> randomRecords(Random random, int n, long serial) throws Exception {
        List<Record> records = new ArrayList<>();
        records.add(new SOARecord(ORIGIN, DClass.IN, 3600, Name.fromString("ns1.example."),
                Name.fromString("h.example."), serial, 1800, 900, 604800, 86400));
        records.add(Record.fromString(ORIGIN, Type.NS, DClass.IN, 3600, "ns1.example.", Name.root));
        for (int i = 0; i < n; i++) {
            records.add(randomRecord(random));
        }
        return records;
    }

    static Record randomRecord(Random random) throws Exception {
        String[] labels = {"a", "b", "B", "ns", "www", "mail", "x-1", "\\200", "*"};
        StringBuilder owner = new StringBuilder();
        int depth = 1 + random.nextInt(3);
        for (int i = 0; i < depth; i++) {
            owner.append(labels[random.nextInt(labels.length)]).append('.');
        }
        Name name = Name.fromString(owner + "example.");
        long ttl = TTLS[random.nextInt(TTLS.length)];
        int kind = random.nextInt(6);
        return switch (kind) {
            case 0 -> Record.fromString(name, Type.A, DClass.IN, ttl, "192.0.2." + random.nextInt(256), Name.root);
            case 1 -> Record.fromString(name, Type.AAAA, DClass.IN, ttl, "2001:db8::" + Integer.toHexString(random.nextInt(65536)), Name.root);
            case 2 -> Record.fromString(name, Type.TXT, DClass.IN, ttl, "\"t" + random.nextInt(50) + "\"", Name.root);
            case 3 -> Record.fromString(name, Type.MX, DClass.IN, ttl, random.nextInt(3) + " MX" + random.nextInt(4) + ".example.", Name.root);
            case 4 -> Record.fromString(name, Type.NS, DClass.IN, ttl, "ns" + random.nextInt(4) + ".example.net.", Name.root);
            default -> Record.fromString(name, Type.DS, DClass.IN, ttl,
                    random.nextInt(65536) + " 13 2 " + "%064x".formatted(random.nextLong() & Long.MAX_VALUE), Name.root);
        };
    }

    /** Removes, adds, changes TTLs and RDATA of random records, and bumps the SOA serial. */
    static List<Record> edit(Random random, List<Record> records) throws Exception {
        List<Record> out = new ArrayList<>();
        for (Record r : records) {
            if (r instanceof SOARecord soa) {
                out.add(new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(),
                        Serial.add(soa.getSerial(), 1), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()));
                continue;
            }
            int roll = random.nextInt(20);
            if (roll == 0) {
                continue; // removed
            }
            if (roll == 1) {
                long ttl = r.getTTL() == 60 ? 3600 : 60; // TTL only
                out.add(Record.fromString(r.getName(), r.getType(), r.getDClass(), ttl, r.rdataToString(), Name.root));
                continue;
            }
            if (roll == 2) {
                out.add(Record.fromString(r.getName(), r.getType(), r.getDClass(), r.getTTL(), randomRecordOfType(random, r.getType()), Name.root));
                continue;
            }
            out.add(r);
        }
        int adds = random.nextInt(5);
        for (int i = 0; i < adds; i++) {
            out.add(randomRecord(random));
        }
        return out;
    }

    private static String randomRecordOfType(Random random, int type) throws Exception {
        Record template;
        do {
            template = randomRecord(random);
        } while (template.getType() != type);
        return template.rdataToString();
    }

    /** Found at the changed owners, the difference is the one the walk over both zones finds, TTL changes included. */
    @Test
    void theDifferenceAtTheChangedOwnersIsTheWholeOne() {
        Random random = new Random(8976);
        Zone zone = SyntheticZone.of(Name.root, 5_000, 1);
        for (int v = 0; v < 20; v++) {
            Zone next = SyntheticZone.randomDelta(zone, random, 1 + random.nextInt(20)).applyTo(zone);
            ZoneDiff walked = ZoneDiff.between(zone, next);
            ZoneDiff found = ZoneDiff.ofChangedOwners(zone, next);
            assertEquals(walked, found, "version " + v);
            assertEquals(walked.added().stream().map(Record::getTTL).toList(), found.added().stream().map(Record::getTTL).toList());
            assertEquals(walked.removed().stream().map(Record::getTTL).toList(), found.removed().stream().map(Record::getTTL).toList());
            assertEquals(next.records(), found.applyTo(zone).records());
            zone = next;
        }
    }
}
