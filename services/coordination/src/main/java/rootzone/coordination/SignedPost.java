package rootzone.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** The one handling of a POST of a signed event (a notice step, a directory entry): read, checked, appended, answered. */
final class SignedPost {

    /**
     * Parses the body into its event ({@code parse} checks its signature), appends it and answers 201
     * with the log offset and {@code shown} of the event under {@code name}.
     *
     * @param expected what the body must be, for the error of an empty one
     * @param at the retired {@code ?at=}: it dated a step with an unsigned time before schema v2; the time
     *     of a step is now its signed issuedAt (used as the log time in import mode), so it is refused, not ignored
     */
    static <T extends SpecificRecord> Response append(CoordinationLog log, JsonNode body, String at, String expected,
            Function<JsonNode, T> parse, String name, Function<T, Object> shown) {
        if (body == null) {
            throw new IllegalArgumentException("empty body: expected a " + expected);
        }
        T event = parse.apply(body);
        if (at != null) {
            throw new IllegalArgumentException("?at= is no longer accepted: the step's time is its signed issuedAt "
                    + "(a service in import mode dates the step with it)");
        }
        long offset = log.append(event);
        return Response.status(Response.Status.CREATED).entity(Map.of("offset", offset, name, shown.apply(event))).build();
    }

    private SignedPost() {}
}
