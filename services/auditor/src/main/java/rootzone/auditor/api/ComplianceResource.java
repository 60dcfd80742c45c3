package rootzone.auditor.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import rootzone.auditor.Auditor;
import rootzone.auditor.coordination.NoticeFollower;
import rootzone.coordination.model.ComplianceReport;
import rootzone.coordination.model.Finding;
import rootzone.events.NoticeEvent;

/**
 * Every infrastructure change of a zone's history matched with the signed notice that announced it
 * (services/coordination-model), from the changes computed as versions were indexed and the notice steps
 * read from the coordination topic so far.
 */
@Path("/compliance")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    /**
     * The report in the shape `rootzone compliance` reads (minimumLeadTime, findings), plus what it was
     * computed from: how many versions, notice steps and coordination offsets, and the events of the
     * coordination topic that were not taken into account (bad signature, not a valid step...).
     */
    public record View(String zone, Duration minimumLeadTime, int versions, int noticeSteps, long coordinationOffset,
                       List<NoticeFollower.Refused> refusedEvents, List<Finding> findings) {}

    @Inject Auditor auditor;

    @GET
    public View report(@QueryParam("minLeadTime") @DefaultValue("P7D") String minLeadTime,
                       @QueryParam("zone") @DefaultValue(".") String zone) {
        Duration minimum;
        try {
            minimum = Duration.parse(minLeadTime);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("minLeadTime must be an ISO-8601 duration such as PT168H or P7D: " + minLeadTime);
        }
        NoticeFollower notices = auditor.notices();
        // Offset first: the report covers at least the notice steps before it.
        long offset = notices.position();
        List<NoticeEvent> steps = notices.notices();
        int versions = auditor.index(zone).size();
        ComplianceReport report = ComplianceReport.compute(auditor.infrastructure(zone).changes(), steps, minimum);
        return new View(zone, report.minimumLeadTime(), versions, steps.size(), offset, notices.refused(), report.findings());
    }
}
