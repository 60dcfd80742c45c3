package rootzone.auditor.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;
import rootzone.auditor.testing.TestZones;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

class SignatureChangesTest {

    @Test
    void aResigningOnlyChangeIsHiddenEntirely() {
        Zone a = TestZones.zone(2024010100L, List.of("com", "net"), 172800);
        Zone b = TestZones.zone(2024010101L, List.of("com", "net"), 172800);
        ZoneDiff full = ZoneDiff.between(a, b);
        assertEquals(4, full.size(), full.toString()); // SOA and its RRSIG, out and in
        assertTrue(SignatureChanges.hide(full).isEmpty());
    }

    @Test
    void realChangesAndAnSoaChangeBeyondTheSerialStay() throws Exception {
        Zone a = TestZones.zone(2024010100L, List.of("com", "net"), 172800);
        Zone b = TestZones.zone(2024010101L, List.of("com", "org"), 172800);
        ZoneDiff hidden = SignatureChanges.hide(ZoneDiff.between(a, b));
        assertTrue(hidden.removed().stream().allMatch(r -> r.getName().toString().endsWith("net.")), hidden.toString());
        assertTrue(hidden.added().stream().allMatch(r -> r.getName().toString().endsWith("org.")), hidden.toString());
        assertEquals(4, hidden.added().size());

        String soaChanged = TestZones.text(2024010102L, List.of("com"), 172800).replace(" 1800 900 ", " 3600 900 ");
        Zone c = rootzone.zone.ZoneParser.parse(soaChanged.getBytes(), org.xbill.DNS.Name.root, "t");
        Zone d = TestZones.zone(2024010101L, List.of("com"), 172800);
        ZoneDiff soa = SignatureChanges.hide(ZoneDiff.between(d, c));
        assertEquals(1, soa.removed().size());
        assertEquals(Type.SOA, soa.added().get(0).getType());
    }
}
