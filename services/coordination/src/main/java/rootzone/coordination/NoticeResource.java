package rootzone.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import rootzone.coordination.model.notice.Notice;
import rootzone.coordination.model.sign.EventJson;
import rootzone.events.NoticeEvent;

/**
 * Notices: every lifecycle step (announce, amend, withdraw, acknowledge, took effect) is a POST of
 * one signed NoticeEvent; reads answer from the folded log.
 */
@Path("/notices")
@Produces(MediaType.APPLICATION_JSON)
public class NoticeResource {

    @Inject CoordinationLog log;

    /** Notices, optionally only those in a status (PENDING, WITHDRAWN, TOOK_EFFECT). */
    @GET
    public List<Notice> list(@QueryParam("status") String status) {
        Notice.Status wanted = status == null ? null : parseStatus(status);
        return log.read(s -> s.notices().all().stream().filter(n -> wanted == null || n.status() == wanted).toList());
    }

    @GET
    @Path("/{id}")
    public Notice show(@PathParam("id") String id) {
        Notice n = log.read(s -> s.notices().get(id));
        if (n == null) {
            throw new NotFoundException("no notice " + id);
        }
        return n;
    }

    /** The signed steps of a notice as written, for independent verification. */
    @GET
    @Path("/{id}/steps")
    public List<JsonNode> steps(@PathParam("id") String id) {
        List<NoticeEvent> steps = log.read(s -> s.notices().steps(id));
        if (steps.isEmpty()) {
            throw new NotFoundException("no notice " + id);
        }
        return steps.stream().map(e -> (JsonNode) EventJson.toJson(e)
                .put("at", e.getEnvelope().getProducedAt().toString())).toList();
    }

    /** Pending notices not yet acknowledged, per party. */
    @GET
    @Path("/pending")
    public Map<String, List<String>> pending() {
        return log.read(s -> s.notices().awaitingByParty());
    }

    @GET
    @Path("/pending/{party}")
    public List<Notice> pendingFor(@PathParam("party") String party) {
        return log.read(s -> s.notices().awaitingByParty().getOrDefault(party, List.of()).stream()
                .map(id -> s.notices().get(id)).toList());
    }

    @POST
    public Response step(JsonNode body, @QueryParam("at") String at) {
        return SignedPost.append(log, body, at, "signed notice step", EventJson::notice, "notice",
                step -> log.read(s -> s.notices().get(step.getNoticeId())));
    }

    private static Notice.Status parseStatus(String s) {
        try {
            return Notice.Status.valueOf(s.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be PENDING, WITHDRAWN or TOOK_EFFECT, not '" + s + "'");
        }
    }
}
