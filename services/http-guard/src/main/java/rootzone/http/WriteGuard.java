package rootzone.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before the body is read, every state-changing request (POST, PUT, PATCH, DELETE) that a web
 * page in a browser on the same host could have sent (docs/security.md, "Browsers"): a services
 * listening on loopback is otherwise writable by any page the operator opens (CSRF).
 * <ul>
 *   <li>403 when the browser says the request is cross-site ({@code Sec-Fetch-Site: cross-site}) or
 *       its {@code Origin} is not the service's own origin (nor one listed in
 *       {@code rootzone.http.allowed-origins});
 *   <li>415 when a body comes with a content type a page may send without a CORS preflight
 *       (text/plain, application/x-www-form-urlencoded, multipart/form-data, or none, per the Fetch
 *       standard's CORS-safelisted request headers): writes take application/json or the zone-file
 *       types, which a browser sends cross-origin only after a preflight this service never answers.
 * </ul>
 * One class shared by the publisher, coordination and the auditor: a tiny module of its own, since
 * event-log, their common library, knows nothing of HTTP.
 */
public final class WriteGuard {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> SIMPLE_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuse(ContainerRequestContext request) {
        if (!WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String own = request.getUriInfo().getBaseUri().getScheme() + "://" + request.getHeaderString(HttpHeaders.HOST);
        String origin = request.getHeaderString("Origin");
        String site = request.getHeaderString("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || (origin != null && !origin.equalsIgnoreCase(own) && !allowed(origin))) {
            return Optional.of(refusal(403, "cross-origin", request.getMethod() + " from " + (origin != null ? "origin "
                    + origin : "a cross-site page") + " refused: this service takes writes only from its own origin " + own
                    + " (or rootzone.http.allowed-origins), never from another web page"));
        }
        boolean hasBody = request.getLength() > 0
                || request.getHeaderString("Transfer-Encoding") != null;
        MediaType type = request.getMediaType();
        String essence = type == null ? null : (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        if (hasBody && (essence == null || SIMPLE_TYPES.contains(essence))) {
            return Optional.of(refusal(415, "content-type", "a write with " + (essence == null ? "no Content-Type"
                    : "Content-Type " + essence) + " is refused (a web page can send that without a CORS preflight): "
                    + "send application/json, or a zone file as text/dns, application/octet-stream or application/gzip"));
        }
        return Optional.empty();
    }

    private static boolean allowed(String origin) {
        List<String> list = ConfigProvider.getConfig().getOptionalValues("rootzone.http.allowed-origins", String.class)
                .orElse(List.of());
        return list.stream().anyMatch(origin::equalsIgnoreCase);
    }

    private static Response refusal(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "message", message)).build();
    }
}
