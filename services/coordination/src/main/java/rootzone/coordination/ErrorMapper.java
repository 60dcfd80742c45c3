package rootzone.coordination;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import rootzone.coordination.model.notice.InvalidTransitionException;
import rootzone.coordination.model.sign.SignatureException;

/** Refusals as JSON {"error": ..., "message": ...}: 400 malformed, 403 signature, 409 lifecycle, 503 not ready. */
@Provider
public class ErrorMapper implements ExceptionMapper<RuntimeException> {

    @Override
    public Response toResponse(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException w) {
            return w.getResponse();
        }
        int status;
        String error;
        if (e instanceof SignatureException) {
            status = 403;
            error = "signature";
        } else if (e instanceof InvalidTransitionException) {
            status = 409;
            error = "invalid-transition";
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
            error = "invalid";
        } else if (e instanceof IllegalStateException) {
            status = 503;
            error = "unavailable";
        } else {
            status = 500;
            error = "internal";
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "message", String.valueOf(e.getMessage()))).build();
    }
}
