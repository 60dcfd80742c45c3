package rootzone.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import rootzone.cli.http.ServiceClient;
import rootzone.coordination.model.sign.PublicationId;

/**
 * Asks the publisher what the log says of a publication ({@code GET /publications/{id}}), once or
 * until it is COMMITTED or ABORTED: shared by {@code rootzone publication} and {@code rootzone publish
 * --wait}. Exit codes: 0 committed, 2 aborted (nothing committed: send it again), 3 still unknown.
 */
final class PublicationQuery {

    static final int COMMITTED = 0;
    static final int ABORTED = 2;
    static final int UNKNOWN = 3;

    private static final Duration POLL = Duration.ofSeconds(2);

    private PublicationQuery() {}

    /** How an operator asks later, printed with every unknown outcome. */
    static String howToAsk(PublicationId id, String publisher) {
        return "ask with: rootzone publication " + id + " --publisher " + publisher + " [--wait]"
                + " (GET " + publisher.replaceAll("/+$", "") + "/publications/" + id + ")";
    }

    /**
     * Asks until the answer is final or {@code wait} has passed (zero: once), printing one line.
     *
     * @return the exit code of the answer
     */
    static int ask(ServiceClient publisher, PublicationId id, Duration wait, PrintWriter out, PrintWriter err) {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        while (true) {
            JsonNode a;
            try {
                a = publisher.getJson("/publications/" + ServiceClient.q(id.toString()));
            } catch (IllegalStateException unreachable) {
                a = null;
                last = "not known yet: " + unreachable.getMessage();
            }
            if (a != null) {
                String status = a.path("status").asText("");
                if ("COMMITTED".equals(status)) {
                    out.printf("serial %d: COMMITTED at offset %d (id %s)%n", id.serial(), a.path("versionOffset").asLong(), id);
                    return COMMITTED;
                }
                if ("ABORTED".equals(status)) {
                    err.printf("serial %d: ABORTED: %s (id %s); nothing will commit it: send it again%n", id.serial(),
                            a.path("detail").asText(), id);
                    return ABORTED;
                }
                last = "PENDING: " + a.path("detail").asText(a.toString());
            }
            if (System.nanoTime() + POLL.toNanos() > deadline) {
                err.printf("serial %d: outcome unknown (id %s): %s%n", id.serial(), id, last);
                return UNKNOWN;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return UNKNOWN;
            }
        }
    }
}
