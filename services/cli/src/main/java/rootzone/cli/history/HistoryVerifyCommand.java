package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rootzone.cli.http.ServiceClient;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Every hash link of the log, each zone's indexing, rebuilt digests, forged events and versions nodes"
                + " refused. Exit 0 only if all hold and nothing is forged.")
public final class HistoryVerifyCommand extends HistorySubcommand {

    @Option(names = "--serial", description = "Also rebuild this serial and check its digest.") Long serial;
    @Option(names = "--all", description = "Rebuild every serial and check its digest (slow).") boolean all;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        String query = "/history/verify?" + zoneQuery() + (serial != null ? "&serial=" + serial : "") + (all ? "&all=true" : "");
        JsonNode v = auditor.getJson(query);
        out.println("events checked: " + v.get("eventsChecked").asLong());
        JsonNode brk = v.get("firstBreak");
        if (brk == null || brk.isNull()) {
            out.println("hash chains: intact");
        } else {
            out.printf("FIRST BREAK at %s-%d offset %d (key %s, producer %s): %s%n  expected sequence %d previousHash %s%n  found    sequence %d previousHash %s%n",
                    brk.get("topic").asText(), brk.get("partition").asInt(), brk.get("offset").asLong(), brk.get("key").asText(),
                    brk.get("producer").asText(), brk.get("reason").asText(), brk.get("expectedSequence").asLong(),
                    brk.get("expectedHash").asText(), brk.get("foundSequence").asLong(), brk.get("foundHash").asText());
        }
        for (JsonNode z : v.get("zones")) {
            out.printf("zone %s: %d versions indexed, latest %s%s%n", z.get("zone").asText(), z.get("versions").asInt(),
                    z.get("latestSerial").asText(), z.get("halted").isNull() ? "" : "; HALTED: " + z.get("halted").asText());
        }
        JsonNode forged = v.get("forgeries");
        if (forged != null && forged.size() > 0) {
            out.printf("FORGED: %d events on the log no trusted publisher key signed (skipped by every reader):%n", forged.size());
            for (JsonNode f : forged) {
                out.printf("  %s-%d offset %d %s%s claiming producer %s: %s%n", f.get("topic").asText(), f.get("partition").asInt(),
                        f.get("offset").asLong(), f.get("eventType").asText(),
                        f.get("serial").isNull() ? "" : " serial " + f.get("serial").asLong(), f.get("producer").asText(),
                        f.get("why").asText());
            }
        }
        JsonNode refused = v.get("refused");
        if (refused != null && refused.size() > 0) {
            out.printf("refused by nodes: %d%n", refused.size());
            for (JsonNode r : refused) {
                out.printf("  serial %s by %s (%s-%d offset %d): %s %s%n", r.get("serial").asText(), r.get("by").asText(),
                        "rootzone.zone.rejections", r.get("partition").asInt(), r.get("offset").asLong(), r.get("reason").asText(),
                        r.get("detail").asText());
            }
        }
        int bad = 0;
        for (JsonNode d : v.get("digests")) {
            if (!d.get("matches").asBoolean()) {
                bad++;
                out.printf("serial %d: DIGEST MISMATCH stated %s rebuilt %s%n", d.get("serial").asLong(), d.get("stated").asText(),
                        d.get("rebuilt").asText());
            }
        }
        if (v.get("digests").size() > 0) {
            out.printf("digests: %d rebuilt, %d mismatched%n", v.get("digests").size(), bad);
        }
        out.println(v.get("ok").asBoolean() ? "OK" : "NOT OK");
        return v.get("ok").asBoolean() ? 0 : 1;
    }
}
