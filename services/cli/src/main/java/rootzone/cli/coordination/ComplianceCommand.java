package rootzone.cli.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rootzone.cli.http.AuditorOption;

@Command(name = "compliance", mixinStandardHelpOptions = true,
        description = "The auditor's compliance report: every infrastructure change of the zone history and the notice that "
                + "announced it. Exit 0 when all are noticed in time, 1 otherwise.")
public final class ComplianceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin AuditorOption auditor;
    @Option(names = "--min-lead-time", defaultValue = "P7D", description = "ISO-8601 duration (default ${DEFAULT-VALUE}).") String minLead;

    @Override
    public Integer call() throws Exception {
        java.time.Duration.parse(minLead); // refuse a bad value before asking
        JsonNode report = auditor.client().getJson("/compliance?minLeadTime=" + minLead);
        PrintWriter out = spec.commandLine().getOut();
        boolean green = true;
        for (JsonNode f : report.path("findings")) {
            String status = f.path("status").asText();
            green &= status.equals("NOTICED");
            out.printf("%-10s %-20s %-9s %-24s %s%n", f.path("serial").asText(), f.path("capturedAt").asText(), status,
                    f.path("noticeId").asText("-"), f.path("change").path("summary").asText());
            if (f.hasNonNull("leadTime")) {
                out.printf("%43s lead time %s%n", "", f.path("leadTime").asText());
            }
        }
        out.printf("minimum lead time %s: %d findings%n", report.path("minimumLeadTime").asText(), report.path("findings").size());
        out.flush();
        return green ? 0 : 1;
    }
}
