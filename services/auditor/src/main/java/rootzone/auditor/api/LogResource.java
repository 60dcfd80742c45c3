package rootzone.auditor.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.NoSuchElementException;
import rootzone.auditor.Auditor;
import rootzone.auditor.tlog.LogProofs;
import rootzone.auditor.tlog.AuditedLog;
import rootzone.tlog.tile.TilePaths;

/**
 * The transparency logs as the contract serves them (docs/transparency-log.md, "Auditor HTTP"): under
 * {@code /log/<name>/} the C2SP tlog-tiles layout, the log's verifier key, proofs and tlog-proof bundles.
 */
@Path("/log/{name}")
public class LogResource {

    /** Full tiles and bundles never change (C2SP tlog-tiles); the checkpoint and partial tiles are superseded. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject Auditor auditor;

    @GET
    @Path("/checkpoint")
    @Produces(MediaType.TEXT_PLAIN)
    public Response checkpoint(@PathParam("name") String name) {
        String note = log(name).checkpoint().orElseThrow(() -> new NoSuchElementException("log " + name + " has no checkpoint yet"));
        return Response.ok(note, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("/vkey")
    @Produces(MediaType.TEXT_PLAIN)
    public String vkey(@PathParam("name") String name) {
        return log(name).key().orElseThrow(() -> new NoSuchElementException("no verifier key is configured for log " + name)).text()
                + "\n";
    }

    @GET
    @Path("/tile/{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response tile(@PathParam("name") String name, @PathParam("path") String path) throws IOException {
        String file = "tile/" + path;
        if (!TilePaths.valid(file) || file.equals(TilePaths.CHECKPOINT)) {
            throw new NoSuchElementException("not a tile of the C2SP tlog-tiles layout: " + file);
        }
        byte[] data = log(name).file(file);
        if (data == null) {
            throw new NoSuchElementException(file + " is not in log " + name);
        }
        boolean full = TilePaths.immutable(file) && !file.contains(".p/");
        return Response.ok(data, MediaType.APPLICATION_OCTET_STREAM_TYPE).header("Cache-Control", full ? IMMUTABLE : "no-cache").build();
    }

    @GET
    @Path("/proof/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    public LogProofs.Inclusion inclusion(@PathParam("name") String name, @QueryParam("serial") Long serial, @QueryParam("event") String event,
                                         @QueryParam("index") Long index, @QueryParam("size") Long size) {
        return LogProofs.inclusion(log(name), LogProofs.Leaf.of(serial, event, index), size);
    }

    @GET
    @Path("/proof/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    public LogProofs.Consistency consistency(@PathParam("name") String name, @QueryParam("from") Long from, @QueryParam("to") Long to) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("from= and to= are required");
        }
        return LogProofs.consistency(log(name), from, to);
    }

    @GET
    @Path("/bundle")
    @Produces(MediaType.TEXT_PLAIN)
    public Response bundle(@PathParam("name") String name, @QueryParam("serial") Long serial, @QueryParam("event") String event,
                           @QueryParam("index") Long index) throws IOException {
        LogProofs.Leaf leaf = LogProofs.Leaf.of(serial, event, index);
        return Response.ok(LogProofs.bundle(log(name), leaf), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "inline; filename=\"" + leaf.describe().replace(' ', '-') + ".tlog-proof\"").build();
    }

    private AuditedLog log(String name) {
        return auditor.logs().log(name);
    }

}
