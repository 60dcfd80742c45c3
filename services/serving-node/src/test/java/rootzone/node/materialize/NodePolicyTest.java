package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.events.RejectReason;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/** The node's policy is zone-core's VersionChecks: the publisher's codes, and the relaxations a version names. */
class NodePolicyTest {

    private static Zone zone(String extra) throws Exception {
        String text = "$ORIGIN example.\n$TTL 3600\n@ SOA ns1 h 5 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n" + extra;
        return ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), Name.fromConstantString("example."), "t");
    }

    @Test
    void aZonemdThatDoesNotVerifyIsRefusedWithTheCodeThePublisherUses() throws Exception {
        Zone wrong = zone("@ ZONEMD 5 1 1 " + "00".repeat(48) + "\n");
        Refusal r = NodePolicy.digestOnly().check(wrong, Instant.now()).orElseThrow();
        assertEquals(RejectReason.ZONEMD_MISMATCH, r.reason());
        // A version whose event names the import relaxation "zonemd" is not held to it.
        assertTrue(NodePolicy.digestOnly().check(wrong, Instant.now(), List.of("zonemd")).isEmpty());
        NodePolicy strict = new NodePolicy(new VersionPolicy(VersionPolicy.Zonemd.REQUIRE, VersionPolicy.Dnssec.REQUIRE,
                List.of(), Set.of()));
        assertEquals(RejectReason.ZONEMD_MISSING, strict.check(zone(""), Instant.now()).orElseThrow().reason());
        assertEquals(RejectReason.DNSSEC_MISSING, strict.check(zone(""), Instant.now(), List.of("zonemd")).orElseThrow().reason());
    }
}
