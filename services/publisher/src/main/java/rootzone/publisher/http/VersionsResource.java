package rootzone.publisher.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.ZoneKeys;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherService;
import rootzone.publisher.publish.ZonePublisher;

/**
 * The publisher's HTTP API.
 *
 * <pre>
 * POST /versions?zone=.    body: RFC 1035 master file (optionally gzip)
 *      X-Requested-By: who asks (recorded in the event); X-Blast-Radius-Override: reason (recorded)
 *   201 published, 200 already published (nothing written), 422 refused by a gate (rejection event
 *   written), 400/404/413 bad request (nothing written), 503 Kafka unavailable or publisher fenced
 * GET  /zones              the last published version of each zone
 * </pre>
 *
 * The zone is a query parameter because "." cannot be a URL path segment.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

    @Inject PublisherService service;

    @POST
    @Path("versions")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@QueryParam("zone") String zone, @HeaderParam("X-Requested-By") String requestedBy,
            @HeaderParam("X-Blast-Radius-Override") String overrideHeader,
            @QueryParam("overrideBlastRadius") String overrideParam, @Context HttpServerRequest http, byte[] body) {
        Instant received = Instant.now();
        if (zone == null || zone.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "missing query parameter 'zone' (e.g. ?zone=. for the root)");
        }
        String normalized;
        try {
            normalized = ZoneKeys.normalize(zone);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, "bad zone name '" + zone + "': " + e.getMessage());
        }
        ZonePublisher publisher = service.publisher(normalized).orElse(null);
        if (publisher == null) {
            return error(Response.Status.NOT_FOUND, "zone " + normalized + " is not configured on this publisher; configured: "
                    + service.zones().stream().map(z -> ZoneKeys.of(z.origin())).toList());
        }
        if (body == null || body.length == 0) {
            return error(Response.Status.BAD_REQUEST, "empty body: POST the zone file (RFC 1035 master format, optionally gzip)");
        }
        String override = overrideHeader != null ? overrideHeader : overrideParam;
        if (override != null && override.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "a blast-radius override needs a reason");
        }
        String who = requestedBy != null && !requestedBy.isBlank() ? requestedBy.strip()
                : "http:" + (http != null && http.remoteAddress() != null ? http.remoteAddress().hostAddress() : "unknown");
        if (!service.ready()) {
            return error(Response.Status.SERVICE_UNAVAILABLE, service.fencedBy()
                    .map(f -> "this publisher instance is fenced by a newer one: " + f).orElse("publisher is starting"));
        }
        try {
            PublishOutcome outcome = service.publish(publisher, body, new PublishRequest("http", who, override, received));
            Response.Status status = switch (outcome.status()) {
                case PUBLISHED -> Response.Status.CREATED;
                case ALREADY_PUBLISHED -> Response.Status.OK;
                case REFUSED -> null;
            };
            return Response.status(status != null ? status.getStatusCode() : 422).entity(outcome).build();
        } catch (EventLogException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "event log unavailable, nothing published: " + e.getMessage());
        }
    }

    @GET
    @Path("zones")
    public List<Map<String, Object>> zones() {
        return service.zones().stream().map(z -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("zone", ZoneKeys.of(z.origin()));
            m.put("zonemd", z.policy().zonemd());
            m.put("dnssec", z.policy().dnssec());
            m.put("maxBlastRadius", z.policy().maxBlastRadius());
            service.publisher(z.origin()).flatMap(ZonePublisher::head).ifPresent(h -> {
                m.put("serial", h.serial());
                m.put("contentDigest", HexFormat.of().formatHex(h.contentDigest()));
                m.put("versionOffset", h.versionOffset());
                m.put("records", h.zone().size());
            });
            return m;
        }).toList();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
