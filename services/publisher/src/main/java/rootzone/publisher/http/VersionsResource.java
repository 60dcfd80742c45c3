package rootzone.publisher.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.ZoneKeys;
import rootzone.coordination.model.sign.PublicationId;
import rootzone.coordination.model.sign.PublicationRequest;
import rootzone.publisher.auth.DirectoryView;
import rootzone.publisher.auth.RequestAuthorizer;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherService;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;

/**
 * The publisher's HTTP API.
 *
 * <pre>
 * POST /versions?zone=.    body: RFC 1035 master file (optionally gzip), Content-Type text/dns,
 *      application/octet-stream or application/gzip (never a browser's simple-request type)
 *      X-Rootzone-Signer, -Serial, -Content-Digest, -Signature: the coordinator's signed publication
 *      request (compliance PublicationRequest; docs/security.md). X-Blast-Radius-Override: reason (signed too).
 *   201 published, 200 already published (nothing written), 422 refused by a gate, 401 unsigned or
 *   badly signed, 403 signer may not publish the zone, 413 beyond the configured limits (each refusal
 *   writes a rejection event and nothing else), 400/404 bad request (nothing written),
 *   202 UNKNOWN: the commit was asked for and Kafka's answer lost; the body's "id" and "query" name it,
 *   503 NOT_PUBLISHED (Kafka failed before the commit: aborted, it never commits), Kafka unavailable,
 *   directory not read yet, or publisher fenced (nothing written)
 * GET  /publications/{id}  what the log says of a publication, id = zone + serial + "-" + content digest
 *   (compliance PublicationId, e.g. .2023110400-3f2a…): 200 {"status": COMMITTED (with versionOffset),
 *   ABORTED (not in the log and it cannot commit any more) or PENDING (ask again)}; 400 not an id,
 *   404 zone not configured
 * GET  /zones              the last published version of each zone
 * </pre>
 *
 * The zone is a query parameter because "." cannot be a URL path segment. X-Requested-By is not
 * trusted any more: who asks is who signed.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class VersionsResource {

    @Inject PublisherService service;
    @Inject DirectoryView directory;

    @POST
    @Path("versions")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@QueryParam("zone") String zone,
            @HeaderParam(PublicationRequest.SIGNER_HEADER) String signer,
            @HeaderParam(PublicationRequest.SERIAL_HEADER) String signedSerial,
            @HeaderParam(PublicationRequest.DIGEST_HEADER) String signedDigest,
            @HeaderParam(PublicationRequest.SIGNATURE_HEADER) String signature,
            @HeaderParam("X-Blast-Radius-Override") String overrideHeader,
            @QueryParam("overrideBlastRadius") String overrideParam, byte[] body) {
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
        String override = overrideHeader != null ? overrideHeader : overrideParam;
        if (override != null && override.isBlank()) {
            return error(Response.Status.BAD_REQUEST, "a blast-radius override needs a reason");
        }
        if (!service.ready() || !directory.ready()) {
            return error(Response.Status.SERVICE_UNAVAILABLE, service.fencedBy()
                    .map(f -> "this publisher instance is fenced by a newer one: " + f)
                    .orElse(service.ready() ? "operator directory not read yet" : "publisher is starting"));
        }
        try {
            RequestAuthorizer.Result auth = RequestAuthorizer.check(normalized, signer, signedSerial, signedDigest,
                    signature, override, directory::publishingKey);
            if (auth instanceof RequestAuthorizer.Result.Denied denied) {
                PublishOutcome.Refused refused = (PublishOutcome.Refused) service.refuse(publisher, new PublishRequest("http",
                        new Requester.Unverified(denied.claimed()), override, received), denied.reason(), denied.detail());
                return answer(refused);
            }
            Requester.Signed requester = ((RequestAuthorizer.Result.Authorized) auth).requester();
            if (body == null || body.length == 0) {
                return error(Response.Status.BAD_REQUEST, "empty body: POST the zone file (RFC 1035 master format, optionally gzip)");
            }
            return answer(service.publish(publisher, body, new PublishRequest("http", requester, override, received)));
        } catch (EventLogException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "event log unavailable, nothing published: " + e.getMessage());
        }
    }

    /** The outcome as the answer, with the status of its kind and, for a refusal, of its reason. */
    private static Response answer(PublishOutcome outcome) {
        int status;
        if (outcome instanceof PublishOutcome.Refused r) {
            status = switch (r.reason()) {
                case REQUEST_UNSIGNED, REQUEST_SIGNATURE_INVALID -> 401;
                case NOT_AUTHORIZED -> 403;
                case INPUT_TOO_LARGE -> 413;
                default -> 422;
            };
        } else {
            status = switch (outcome.status()) {
                case PUBLISHED -> 201;
                case UNKNOWN -> 202;
                case NOT_PUBLISHED -> 503;
                default -> 200;
            };
        }
        return Response.status(status).entity(outcome).build();
    }

    @GET
    @Path("publications/{id}")
    public Response publication(@PathParam("id") String id) {
        PublicationId publication;
        try {
            publication = PublicationId.parse(id);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        ZonePublisher publisher = service.publisher(publication.zone()).orElse(null);
        if (publisher == null) {
            return error(Response.Status.NOT_FOUND, "zone " + publication.zone() + " is not configured on this publisher");
        }
        if (!service.ready() && service.fencedBy().isEmpty()) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "publisher is starting");
        }
        return Response.ok(publisher.status(publication)).build();
    }

    @GET
    @Path("zones")
    public List<Map<String, Object>> zones() {
        return service.zones().stream().map(z -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("zone", ZoneKeys.of(z.origin()));
            m.put("zonemd", z.policy().checks().zonemd());
            m.put("dnssec", z.policy().checks().dnssec());
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
