package rootzone.cli.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.http.CoordinationOption;
import rootzone.cli.http.ServiceClient;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventJson;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

@Command(name = "notice", mixinStandardHelpOptions = true,
        description = "Operational change notices: every step is signed locally with the issuer's Ed25519 key.",
        subcommands = {NoticeCommand.Announce.class, NoticeCommand.Amend.class, NoticeCommand.Withdraw.class,
                NoticeCommand.Ack.class, NoticeCommand.TookEffect.class, NoticeCommand.List.class, NoticeCommand.Show.class})
public final class NoticeCommand {

    /** Options every signing step has. */
    static class Signer {
        @Mixin CoordinationOption coordination;
        @Option(names = "--as", required = true, description = "Operator id of the issuer.") String issuer;
        @Option(names = "--key", required = true, description = "Issuer's private key file (from 'operator keygen').") Path key;
        @Option(names = "--at", description = "When the step is issued, signed as its issuedAt (ISO-8601; default now). "
                + "A time more than 5 minutes from the service's clock is accepted only by a service in import mode, "
                + "which dates the step with it.") String at;

        PrivateKey privateKey() throws java.io.IOException {
            return Ed25519Keys.privateKeyFromBase64(Files.readString(key));
        }
    }

    abstract static class Step implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Signer signer = new Signer();
        @Parameters(index = "0", paramLabel = "NOTICE-ID") String id;

        abstract NoticeAction action();

        void fill(NoticeEvent.Builder b) {}

        @Override
        public Integer call() throws Exception {
            NoticeEvent.Builder b = NoticeEvent.newBuilder().setEnvelope(EventSignatures.unsignedEnvelope("NoticeEvent"))
                    .setNoticeId(id).setAction(action()).setIssuer(signer.issuer).setIssuedAt(IssueTime.of(signer.at))
                    .setSignature(ByteBuffer.allocate(0));
            fill(b);
            NoticeEvent signed = EventSignatures.sign(b.build(), signer.privateKey());
            JsonNode r = signer.coordination.client().postJson("/notices", EventJson.toJson(signed));
            print(spec.commandLine().getOut(), r.path("notice"));
            return 0;
        }
    }

    abstract static class Content extends Step {
        @Option(names = "--title") String title;
        @Option(names = "--description") String description;
        @Option(names = "--effective", description = "When the change takes effect (ISO-8601).") String effective;
        @Option(names = "--change", description = "What changes, KEY=VALUE (keyTags=20326,38696; server=b.root-servers.net; newAddresses=...; type=ZONEMD).")
        Map<String, String> changes = new LinkedHashMap<>();
        @Option(names = "--party", split = ",", description = "Operator ids expected to acknowledge.") java.util.List<String> parties = new java.util.ArrayList<>();

        @Override
        void fill(NoticeEvent.Builder b) {
            b.setTitle(title).setDescription(description).setEffectiveAt(effective == null ? null : Instant.parse(effective))
                    .setChanges(changes).setParties(parties);
        }
    }

    @Command(name = "announce", description = "Announce a notice.")
    static final class Announce extends Content {
        @Option(names = "--kind", required = true, description = "One of ${COMPLETION-CANDIDATES}.") NoticeKind kind;
        NoticeAction action() { return NoticeAction.ANNOUNCED; }
        @Override void fill(NoticeEvent.Builder b) { super.fill(b); b.setKind(kind); }
    }

    @Command(name = "amend", description = "Amend a pending notice (parties must acknowledge again).")
    static final class Amend extends Content {
        NoticeAction action() { return NoticeAction.AMENDED; }
    }

    @Command(name = "withdraw", description = "Withdraw a pending notice.")
    static final class Withdraw extends Step {
        @Option(names = "--reason") String reason;
        NoticeAction action() { return NoticeAction.WITHDRAWN; }
        @Override void fill(NoticeEvent.Builder b) { b.setDescription(reason); }
    }

    @Command(name = "ack", description = "Acknowledge a notice as one of its parties.")
    static final class Ack extends Step {
        NoticeAction action() { return NoticeAction.ACKNOWLEDGED; }
    }

    @Command(name = "took-effect", description = "Declare a notice in effect; a zone change names the serial that carried it.")
    static final class TookEffect extends Step {
        @Option(names = "--serial", description = "Zone serial in which the change appears.") Long serial;
        NoticeAction action() { return NoticeAction.TOOK_EFFECT; }
        @Override void fill(NoticeEvent.Builder b) { b.setSerial(serial); }
    }

    @Command(name = "list", description = "List notices, and per party the pending ones it has not acknowledged.")
    static final class List extends CoordinationQuery {
        @Option(names = "--status", description = "PENDING, WITHDRAWN or TOOK_EFFECT") String status;

        @Override
        void run(ServiceClient coordination, PrintWriter out) {
            for (JsonNode n : coordination.getJson("/notices" + (status == null ? "" : "?status=" + status))) {
                out.printf("%-24s %-12s %-22s %-12s %s%n", n.path("noticeId").asText(), n.path("status").asText(),
                        n.path("kind").asText(), n.path("issuer").asText(), n.path("title").asText());
            }
            JsonNode pending = coordination.getJson("/notices/pending");
            if (pending.size() > 0) {
                out.println();
                out.println("awaiting acknowledgement:");
                pending.fields().forEachRemaining(e -> out.printf("  %-16s %s%n", e.getKey(), e.getValue().toString()));
            }
        }
    }

    @Command(name = "show", description = "Show a notice and its timeline.")
    static final class Show extends CoordinationQuery {
        @Parameters(index = "0", paramLabel = "NOTICE-ID") String id;

        @Override
        void run(ServiceClient coordination, PrintWriter out) {
            print(out, coordination.getJson("/notices/" + id));
        }
    }

    /** The notice and its readable timeline. */
    static void print(PrintWriter out, JsonNode n) {
        out.printf("%s  %s  %s (revision %d)%n", n.path("noticeId").asText(), n.path("kind").asText(),
                n.path("status").asText(), n.path("revision").asInt());
        out.printf("  %s%n  issuer %s, effective %s%n", n.path("title").asText(), n.path("issuer").asText(), n.path("effectiveAt").asText());
        if (n.path("changes").size() > 0) out.printf("  changes %s%n", n.path("changes"));
        if (n.hasNonNull("serial")) out.printf("  took effect in serial %d%n", n.path("serial").asLong());
        out.println("  timeline:");
        for (JsonNode s : n.path("timeline")) {
            out.printf("    %-24s %-13s %-12s %s%n", s.path("at").asText(), s.path("action").asText(), s.path("issuer").asText(),
                    s.path("summary").asText());
        }
        out.flush();
    }
}
