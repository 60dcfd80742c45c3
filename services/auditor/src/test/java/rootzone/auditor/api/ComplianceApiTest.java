package rootzone.auditor.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.CoordinationService;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.PartyRole;
import rootzone.events.Topics;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.zone.Zone;
import rootzone.zone.ZoneParser;

/**
 * Issue 6 through the real broker: four versions written with event-log's VersionWriter (a ZSK added,
 * b.root-servers.net renumbered, a ZSK removed), a signed operator directory and notices entered through
 * the coordination service's API (in import mode: each step dated with its signed issuedAt), a forged
 * notice the API refuses written straight to the topic, then GET /compliance.
 *
 * <p>The zone is root-servers.net., not the root: it holds the server addresses and an apex DNSKEY set
 * just as the root does (detection is per apex), and the root zone of the shared broker belongs to the
 * import acceptance test.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceApiTest {

    private static final String ZONE = "root-servers.net.";
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private KeyPair icann;
    private final KeyPair verisign = Ed25519Keys.generate();
    private long forgedOffset;
    private int addedTag;
    private int removedTag;
    private boolean written;

    /** Once (RestAssured knows the app's port only from the first @BeforeEach on). */
    @BeforeEach
    void write() throws Exception {
        if (written) {
            return;
        }
        written = true;
        String ksk = key(1);
        String zsk1 = key(2);
        String zsk2 = key(3);
        String oldB = "b.root-servers.net. 3600000 IN A 199.9.14.201\nb.root-servers.net. 3600000 IN AAAA 2001:500:200::b\n";
        // Documentation addresses: no notice here may match the real renumbering the import acceptance
        // tests find in zone "." of the same broker.
        String newB = "b.root-servers.net. 3600000 IN A 192.0.2.2\nb.root-servers.net. 3600000 IN AAAA 2001:db8::b\n";
        List<Zone> zones = List.of(
                zone(1, ksk + zsk1, oldB),
                zone(2, ksk + zsk1 + zsk2, oldB),   // ZSK added: announced 9 days before
                zone(3, ksk + zsk1 + zsk2, newB),   // b renumbered: announced 2 days before
                zone(4, ksk + zsk2, newB));         // ZSK removed: only a forged notice names it
        addedTag = tagOf(zones.get(1), zones.get(0));
        removedTag = tagOf(zones.get(2), zones.get(3));

                try (EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-test-" + ZONE, "test-publisher")) {
            VersionWriter writer = new VersionWriter(events, rootzone.eventlog.testing.TestPublisherKey.signer());
            Zone previous = null;
            for (int i = 0; i < zones.size(); i++) {
                // Imported versions carry their capture time: the time each change went live.
                writer.write(previous, zones.get(i), new VersionInfo("test", "import", capturedAt(i), true, null, false));
                previous = zones.get(i);
            }
        }

        CoordinationService coordination = CoordinationService.get();
        icann = coordination.maintainerKey();
        coordination.register(CoordinationService.operator("verisign", "VERISIGN", PartyRole.ROOT_SERVER_OPERATOR,
                List.of("a.root-servers.net."), verisign, CoordinationService.MAINTAINER, icann, T0.minus(Duration.ofDays(59))))
                .statusCode(201);
        coordination.step(announce("zsk-rollover", NoticeKind.KEY_ROLLOVER, Map.of("keyTags", String.valueOf(addedTag)),
                capturedAt(1).minus(DAY.multipliedBy(9)), icann)).statusCode(201);
        coordination.step(announce("b-renumbering", NoticeKind.SERVER_ADDRESS_CHANGE,
                Map.of("server", "b.root-servers.net.", "newAddresses", "192.0.2.2,2001:db8::b"),
                capturedAt(2).minus(DAY.multipliedBy(2)), icann)).statusCode(201);
        // Claims to come from the maintainer but is signed with the operator's key: the API refuses it...
        NoticeEvent forged = announce("zsk-removal", NoticeKind.KEY_ROLLOVER, Map.of("keyTags", String.valueOf(removedTag)),
                capturedAt(3).minus(DAY.multipliedBy(30)), verisign);
        coordination.step(forged).statusCode(403);
        // ... so it goes straight to the topic, as a writer with access to the broker could: it must never count as notice.
        MovingClock clock = new MovingClock();
        clock.at(forged.getIssuedAt());
        try (EventWriter direct = new EventWriter(SharedKafkaBroker.connection(Role.COORDINATION),
                RoleAcls.COORDINATION_TRANSACTIONAL_ID + "-forger", "test-coordination", clock)) {
            forgedOffset = direct.writeOne(Topics.COORDINATION, ".", ".", forged);
        }
        await(() -> {
            JsonPath r = given().get("/compliance?zone=" + ZONE).jsonPath();
            return r.getInt("versions") == 4 && r.getLong("coordinationOffset") > forgedOffset;
        });
    }

    @Test
    void eachChangeIsJudgedAgainstTheSignedNotices() {
        JsonPath r = given().get("/compliance?minLeadTime=PT168H&zone=" + ZONE).then().statusCode(200).extract().jsonPath();
        assertEquals("PT168H", r.getString("minimumLeadTime"));
        assertEquals(List.of(2, 3, 4), r.getList("findings.serial", Integer.class), r.prettify());

        assertEquals("DNSKEY_ADDED", r.getString("findings[0].change.kind"));
        assertEquals(addedTag, r.getInt("findings[0].change.keyTag"));
        assertEquals("NOTICED", r.getString("findings[0].status"));
        assertEquals("zsk-rollover", r.getString("findings[0].noticeId"));
        assertEquals("PT216H", r.getString("findings[0].leadTime"));
        assertEquals(capturedAt(1).toString(), r.getString("findings[0].capturedAt"));

        assertEquals("SERVER_ADDRESS_CHANGED", r.getString("findings[1].change.kind"));
        assertEquals("b.root-servers.net.", r.getString("findings[1].change.subject"));
        assertEquals(List.of("192.0.2.2", "2001:db8::b"), r.getList("findings[1].change.after", String.class));
        assertEquals("TOO_LATE", r.getString("findings[1].status"));
        assertEquals("b-renumbering", r.getString("findings[1].noticeId"));
        assertEquals("PT48H", r.getString("findings[1].leadTime"));

        assertEquals("DNSKEY_REMOVED", r.getString("findings[2].change.kind"));
        assertEquals(removedTag, r.getInt("findings[2].change.keyTag"));
        assertEquals("NO_NOTICE", r.getString("findings[2].status"));
        assertNull(r.getString("findings[2].noticeId"));

        String forged = "refusedEvents.find { it.offset == " + forgedOffset + " }";
        assertEquals("NoticeEvent", r.getString(forged + ".eventType"), r.prettify());
        assertTrue(r.getString(forged + ".reason").toLowerCase().contains("signature"), r.getString(forged + ".reason"));
    }

    @Test
    void theMinimumLeadTimeDecidesBetweenNoticedAndTooLate() {
        JsonPath r = given().get("/compliance?minLeadTime=P1D&zone=" + ZONE).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NOTICED", "NOTICED", "NO_NOTICE"), r.getList("findings.status", String.class));
        r = given().get("/compliance?minLeadTime=P10D&zone=" + ZONE).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("TOO_LATE", "TOO_LATE", "NO_NOTICE"), r.getList("findings.status", String.class));
    }

    @Test
    void badQuestionsAreRefused() {
        given().get("/compliance?minLeadTime=a-week&zone=" + ZONE).then().statusCode(400);
        given().get("/compliance?minLeadTime=-PT1H&zone=" + ZONE).then().statusCode(400);
        given().get("/compliance?zone=example.").then().statusCode(404);
    }

    private static Instant capturedAt(int version) {
        return T0.plus(DAY.multipliedBy(10L * version));
    }

    private static Zone zone(long serial, String keys, String b) throws Exception {
        String text = ZONE + " 3600000 IN SOA a.root-servers.net. nstld.verisign-grs.com. " + serial + " 14400 7200 1209600 3600000\n"
                + ZONE + " 3600000 IN NS a.root-servers.net.\n"
                + ZONE + " 3600000 IN NS b.root-servers.net.\n"
                + keys
                + "a.root-servers.net. 3600000 IN A 198.41.0.4\n"
                + b;
        return ZoneParser.parse(text.getBytes(StandardCharsets.US_ASCII), Name.fromString(ZONE), "test");
    }

    /** A DNSKEY line with made-up key material (detection compares RDATA; nothing is validated with it). */
    private static String key(int n) {
        byte[] material = new byte[64];
        java.util.Arrays.fill(material, (byte) (n * 37));
        material[0] = 3;
        return ZONE + " 3600 IN DNSKEY " + (n == 1 ? 257 : 256) + " 3 8 "
                + java.util.Base64.getEncoder().encodeToString(material) + "\n";
    }

    /** The tag of the one DNSKEY in {@code with} that {@code without} lacks. */
    private static int tagOf(Zone with, Zone without) throws Exception {
        Name apex = Name.fromString(ZONE);
        List<Record> other = without.rrset(apex, Type.DNSKEY).records();
        return with.rrset(apex, Type.DNSKEY).records().stream().filter(k -> !other.contains(k))
                .map(k -> ((DNSKEYRecord) k).getFootprint()).findFirst().orElseThrow();
    }

    private NoticeEvent announce(String id, NoticeKind kind, Map<String, String> changes, Instant issuedAt, KeyPair signedWith) {
        NoticeEvent e = NoticeEvent.newBuilder().setEnvelope(Envelopes.placeholder()).setNoticeId(id).setIssuedAt(issuedAt)
                .setAction(NoticeAction.ANNOUNCED).setIssuer("icann").setKind(kind).setTitle(kind + " " + id)
                .setEffectiveAt(T0.plus(DAY.multipliedBy(40))).setChanges(new java.util.TreeMap<>(changes))
                .setParties(List.of("verisign")).setSignature(ByteBuffer.allocate(0)).build();
        return EventSignatures.sign(e, signedWith.getPrivate());
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; compliance: " + given().get("/compliance?zone=" + ZONE).asString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The coordination writer's clock: each step is dated when the test says. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.EPOCH;

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
