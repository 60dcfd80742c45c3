package rootzone.publisher.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.SyntheticZone;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneFileWriter;
import rootzone.zone.ZoneLimits;
import rootzone.zone.Zonemd;

/**
 * Runs a version's path short of writing it (parse of a whole file and of changed lines, digests, the
 * gates, the content root) on synthetic root-like versions of the zone at start, so that the first
 * versions published find that code compiled instead of interpreted (the first versions after a start
 * took several times as long). Nothing of it is kept or written.
 */
final class PathWarmUp {

    private static final Logger LOG = Logger.getLogger(PathWarmUp.class);
    /** About a root zone's size: the loops must run long enough for the JIT to compile them. */
    static final int RECORDS = 22_000;
    static final int ROUNDS = 3;

    static void run(Name origin, ZonePolicy policy, ZoneLimits limits, Gatekeeper gatekeeper) {
        long t0 = System.nanoTime();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Zone base = SyntheticZone.of(origin, RECORDS, 1 + round);
                SuccessiveParser parser = new SuccessiveParser(origin, limits);
                Zone before = parser.next(text(base), "warm-up").zone();
                Zonemd.digest(before, Zonemd.SHA384);
                ContentRoot.of(before);
                for (int v = 1; v <= 2; v++) {
                    Zone next = SyntheticZone.routineDelta(before, v).applyTo(before);
                    SuccessiveParser.Parsed parsed = parser.next(text(next), "warm-up");
                    Zonemd.digest(parsed.zone(), Zonemd.SHA384);
                    gatekeeper.decide(parsed.zone(), ContentDigest.of(parsed.zone()), before, ContentDigest.of(before),
                            parsed.diff(), policy, null, Instant.now());
                    ContentRoot.of(parsed.zone());
                    before = parsed.zone();
                }
            }
            LOG.infof("zone %s: publication path warm (%d rounds on %d synthetic records) in %d ms", origin, ROUNDS, RECORDS,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (ZoneException | RuntimeException e) {
            // Only speed is at stake: the versions themselves take the same path, checked as ever.
            LOG.warnf("zone %s: warm-up of the publication path failed (%s); the first versions will be slower", origin, e);
        }
    }

    private static byte[] text(Zone zone) {
        return ZoneFileWriter.toText(zone).getBytes(StandardCharsets.ISO_8859_1);
    }

    private PathWarmUp() {}
}
