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
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import rootzone.coordination.model.sign.ImportRequest;
import rootzone.coordination.model.sign.PublicationRequest;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.ZoneKeys;
import rootzone.publisher.auth.DirectoryView;
import rootzone.publisher.auth.RequestAuthorizer;
import rootzone.publisher.importer.ImportJobs;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherService;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.VersionPolicy;

/**
 * Imports of archived history, an input of the publisher (docs/import.md).
 *
 * <pre>
 * POST /imports?zone=.   body (application/json): {"source": PATH, "file": NAME or null,
 *      "relaxations": ["zonemd", "dnssec", "blast_radius"], "requestedAt": ISO-8601}, the fields of a
 *      compliance ImportRequest; X-Rootzone-Signer and X-Rootzone-Signature: its signature.
 *   202 started (the job's status), 401 unsigned, badly signed or stale, 403 signer may not publish the
 *   zone (each refusal writes a rejection event and nothing else), 400/404 bad request, 409 an import of
 *   the zone is running or the publisher's head is not the log's, 503 not ready
 * GET  /imports/{id}     the job's status and, once ended, its report
 * </pre>
 */
@Path("/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {

    /** The body of POST /imports. */
    public record Body(String source, String file, List<String> relaxations, String requestedAt) {}

    @Inject PublisherService service;
    @Inject DirectoryView directory;
    @Inject ImportJobs jobs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@QueryParam("zone") String zone,
            @HeaderParam(PublicationRequest.SIGNER_HEADER) String signer,
            @HeaderParam(PublicationRequest.SIGNATURE_HEADER) String signature, Body body) {
        Instant received = Instant.now();
        String normalized;
        try {
            normalized = ZoneKeys.normalize(zone == null ? "." : zone);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, "bad zone name '" + zone + "': " + e.getMessage());
        }
        ZonePublisher publisher = service.publisher(normalized).orElse(null);
        if (publisher == null) {
            return error(Response.Status.NOT_FOUND, "zone " + normalized + " is not configured on this publisher");
        }
        if (!service.ready() || !directory.ready()) {
            return error(Response.Status.SERVICE_UNAVAILABLE, service.ready() ? "operator directory not read yet"
                    : "publisher is starting or fenced");
        }
        ImportRequest request = null;
        String malformed = null;
        Set<VersionPolicy.Relaxation> relaxations = Set.of();
        try {
            if (body == null) {
                throw new IllegalArgumentException("no body: send {\"source\": PATH, \"relaxations\": [...], \"requestedAt\": TIME}");
            }
            request = new ImportRequest(normalized, body.source() == null ? "" : body.source(), body.file(),
                    body.relaxations() == null ? List.of() : body.relaxations(), Instant.parse(String.valueOf(body.requestedAt())));
            relaxations = VersionPolicy.relaxations(request.relaxations());
        } catch (RuntimeException e) {
            request = null;
            malformed = e.getMessage();
        }
        try {
            RequestAuthorizer.Result auth = RequestAuthorizer.checkImport(request, malformed, signer, signature, received,
                    directory::publishingKey);
            if (auth instanceof RequestAuthorizer.Result.Denied denied) {
                PublishOutcome.Refused refused = (PublishOutcome.Refused) service.refuse(publisher, new PublishRequest("import",
                        new Requester.Unverified(denied.claimed()), null, received), denied.reason(), denied.detail());
                return Response.status(denied.status()).entity(refused).build();
            }
            Requester.SignedImport requester = ((RequestAuthorizer.Result.ImportAuthorized) auth).requester();
            return Response.status(Response.Status.ACCEPTED)
                    .entity(jobs.start(publisher, request.source(), request.file(), requester, relaxations, received)).build();
        } catch (IllegalStateException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        } catch (EventLogException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, "event log unavailable, nothing imported: " + e.getMessage());
        }
    }

    @GET
    @Path("{id}")
    public Response status(@PathParam("id") String id) {
        try {
            return Response.ok(jobs.status(id)).build();
        } catch (NoSuchElementException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).build();
    }
}
