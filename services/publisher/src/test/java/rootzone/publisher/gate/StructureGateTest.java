package rootzone.publisher.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.events.RejectReason;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneParser;

/**
 * The structure gate checks a version built on the last one it found good by its change, and any other
 * whole: a base it never checked (rebuilt from the log at a start) may hide a problem the change does not touch.
 */
class StructureGateTest {

    private static final String GOOD = """
            $ORIGIN example.
            $TTL 3600
            @ IN SOA ns1 hostmaster %d 7200 3600 1209600 3600
            @ NS ns1
            ns1 A 192.0.2.1
            a NS ns.a
            ns.a A 192.0.2.53
            %s
            """;

    private static String text(long serial, String extra) {
        return String.format(GOOD, serial, extra);
    }

    private static Zone zone(String text) throws Exception {
        return ZoneParser.parse(text.getBytes(StandardCharsets.UTF_8), Name.fromString("example."), "t");
    }

    /** The next version as the publisher makes it from its head: the delta applied to it. */
    private static Zone next(Zone base, String text) throws Exception {
        return ZoneDiff.between(base, zone(text)).applyTo(base);
    }

    @Test
    void aSuccessorOfAGoodVersionIsCheckedByItsChange() throws Exception {
        StructureGate gate = new StructureGate();
        Zone v1 = zone(text(1, ""));
        assertTrue(gate.check(v1, null).isEmpty());
        Zone v2 = next(v1, text(2, "www A 192.0.2.2"));
        assertTrue(gate.checksByChange(v1));
        assertTrue(gate.check(v2, v1).isEmpty());
        assertTrue(gate.checksByChange(v2));
        // Removing a's glue breaks a's delegation, which the change does not touch: still found.
        Zone v3 = next(v2, text(3, "www A 192.0.2.2").replace("ns.a A 192.0.2.53\n", ""));
        var refusal = gate.check(v3, v2).orElseThrow();
        assertEquals(RejectReason.INVALID_ZONE, refusal.reason());
        assertTrue(refusal.detail().contains("MISSING_GLUE"), refusal.detail());
    }

    @Test
    void aBaseNotCheckedHereIsCheckedWhole() throws Exception {
        Zone hidden = zone(text(1, "x.a TXT \"below the cut a\"")); // occluded: a version the gate never saw
        StructureGate gate = new StructureGate();
        assertFalse(gate.checksByChange(hidden));
        Zone harmless = next(hidden, text(2, "x.a TXT \"below the cut a\"\nwww A 192.0.2.2"));
        String detail = gate.check(harmless, hidden).orElseThrow().detail();
        assertTrue(detail.contains("OCCLUDED_DATA"), detail);
        assertFalse(gate.checksByChange(harmless)); // refused: its successor is checked whole too
    }
}
