package rootzone.auditor.api;

import rootzone.http.TimeParameter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import rootzone.auditor.Auditor;
import rootzone.auditor.index.DelegationChange;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.index.SignatureChanges;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.replay.ZoneFollower;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneFileWriter;

/** The questions the auditor answers over the whole history, as JSON (zone files as text). */
@Path("/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private static final String DEFAULT_ZONE = ".";

    @Inject Auditor auditor;

    @GET
    @Path("/status")
    public Views.Status status() {
        var events = auditor.events();
        return new Views.Status(events.caughtUp(), events.checked(), events.firstBreak().orElse(null), zoneStatuses(),
                events.positions(), events.error(), auditor.logs().all().stream().map(l -> new Views.LogStatus(l.name(), l.origin(),
                        l.tree().size(), l.halted(), auditor.logs().findingsOf(l, events.caughtUpAt()))).toList(), auditor.reread().state());
    }

    @GET
    @Path("/versions")
    public List<Views.Version> versions(@QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        RejectionLog rejections = auditor.rejections();
        return auditor.index(zone).versions().stream().map(v -> Views.Version.of(v, rejections.countFor(v.serial()))).toList();
    }

    @GET
    @Path("/versions/{serial}")
    public Views.Version version(@PathParam("serial") long serial, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        IndexedVersion v = auditor.index(zone).version(serial)
                .orElseThrow(() -> new NoSuchElementException("serial " + serial + " is not in the log"));
        return Views.Version.of(v, auditor.rejections().countFor(serial));
    }

    /** The zone as of a serial, as a master file: the same writer and order as `rootzone zone`. */
    @GET
    @Path("/zone/{serial}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response zone(@PathParam("serial") long serial, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        return zoneFile(auditor.index(zone), serial);
    }

    /** The zone as it was at a time: the latest version whose effective time is not after it. */
    @GET
    @Path("/zone")
    @Produces(MediaType.TEXT_PLAIN)
    public Response zoneAt(@QueryParam("at") String at, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        Instant time = TimeParameter.parse("at", at);
        HistoryIndex index = auditor.index(zone);
        IndexedVersion v = index.versionAt(time)
                .orElseThrow(() -> new NoSuchElementException("no version of " + index.origin() + " at or before " + time));
        return zoneFile(index, v.serial());
    }

    private static Response zoneFile(HistoryIndex index, long serial) {
        Zone z = index.zone(serial);
        String name = index.origin().equals(Name.root) ? "root" : index.origin().toString(true);
        return Response.ok((jakarta.ws.rs.core.StreamingOutput) out -> {
                    java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
                    ZoneFileWriter.write(z, w);
                })
                .header("Content-Disposition", "attachment; filename=\"" + name + ".zone." + serial + "\"")
                .header("X-Serial", serial)
                .build();
    }

    @GET
    @Path("/diff")
    public Views.Diff diff(@QueryParam("from") Long from, @QueryParam("to") Long to,
                           @QueryParam("signatures") @DefaultValue("true") boolean signatures,
                           @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("give both serials: ?from=S1&to=S2");
        }
        ZoneDiff d = auditor.index(zone).diff(from, to);
        return Views.Diff.of(signatures ? d : SignatureChanges.hide(d), signatures);
    }

    @GET
    @Path("/names/{name}")
    public Views.NameHistory name(@PathParam("name") String name, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        Name n;
        try {
            n = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + name);
        }
        return new Views.NameHistory(n.toString(), auditor.index(zone).nameHistory(n).stream().map(Views.Change::of).toList());
    }

    /** Delegations per version; {@code from}/{@code to} limit by effective time (inclusive, exclusive). */
    @GET
    @Path("/delegations")
    public Views.Delegations delegations(@QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        Instant start = from == null ? Instant.MIN : TimeParameter.parse("from", from);
        Instant end = to == null ? Instant.MAX : TimeParameter.parse("to", to);
        List<DelegationChange> history = auditor.index(zone).delegations().stream()
                .filter(d -> !d.effectiveAt().isBefore(start) && d.effectiveAt().isBefore(end)).toList();
        return new Views.Delegations(history.size(), history.stream().mapToInt(d -> d.added().size()).sum(),
                history.stream().mapToInt(d -> d.removed().size()).sum(), history);
    }

    /**
     * Publication latency per serial: applied time of each node minus the version's commit time, and
     * the 95th percentile across nodes (RSSAC002 load-time, from events).
     */
    @GET
    @Path("/latency")
    public List<Views.Latency> latency(@QueryParam("serial") Long serial, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        HistoryIndex index = auditor.index(zone);
        List<IndexedVersion> versions = serial == null ? index.versions()
                : List.of(index.version(serial).orElseThrow(() -> new NoSuchElementException("serial " + serial + " is not in the log")));
        List<Views.Latency> out = new ArrayList<>(versions.size());
        for (IndexedVersion v : versions) {
            out.add(Latencies.of(v, auditor.applies()));
        }
        return out;
    }

    @GET
    @Path("/rejections")
    public List<RejectionLog.Rejection> rejections(@QueryParam("serial") Long serial) {
        return auditor.rejections().all().stream().filter(r -> serial == null || serial.equals(r.serial())).toList();
    }

    /**
     * The chains, each zone's indexing, and, on request, rebuilt digests: {@code serial} for one
     * version, {@code all=true} for every version (slow: a full rebuild and digest per version).
     */
    @GET
    @Path("/verify")
    public Views.Verify verify(@QueryParam("serial") Long serial, @QueryParam("all") @DefaultValue("false") boolean all,
                               @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        HistoryIndex index = auditor.index(zone);
        List<Views.DigestCheck> digests = new ArrayList<>();
        List<IndexedVersion> targets = all ? index.versions()
                : serial == null ? List.of()
                : List.of(index.version(serial).orElseThrow(() -> new NoSuchElementException("serial " + serial + " is not in the log")));
        for (IndexedVersion v : targets) {
            long t0 = System.nanoTime();
            String rebuilt = ContentDigest.hex(ContentDigest.of(index.zone(v.serial())));
            digests.add(new Views.DigestCheck(v.serial(), v.contentDigestHex(), rebuilt, rebuilt.equals(v.contentDigestHex()),
                    (System.nanoTime() - t0) / 1_000_000));
        }
        var events = auditor.events();
        List<Views.ZoneStatus> zones = zoneStatuses();
        List<rootzone.eventlog.Forgery> forgeries = events.forgeries();
        List<rootzone.auditor.tlog.LogFinding> logFindings = auditor.logs().findings(events.caughtUpAt());
        boolean ok = events.firstBreak().isEmpty() && zones.stream().allMatch(z -> z.halted() == null)
                && digests.stream().allMatch(Views.DigestCheck::matches) && forgeries.isEmpty() && logFindings.isEmpty();
        return new Views.Verify(ok, events.checked(), events.firstBreak().orElse(null), zones, digests, forgeries,
                auditor.rejections().all().stream().filter(r -> "NODE".equals(r.role())).toList(), logFindings);
    }

    /**
     * Gone: the auditor only reads. Imports are an input of the publisher (POST /imports, signed like a
     * publication; `rootzone history import`), so a zone has one writer (issue 10, section 3).
     */
    @POST
    @Path("/import")
    public Response startImport() {
        return Response.status(Response.Status.GONE).entity(java.util.Map.of("error",
                "the auditor no longer imports: imports go through the publisher (POST /imports on the publisher,"
                        + " signed by a maintainer of the zone; `rootzone history import SOURCE` does it), docs/import.md"))
                .build();
    }

    private List<Views.ZoneStatus> zoneStatuses() {
        List<Views.ZoneStatus> zones = new ArrayList<>();
        for (ZoneFollower f : auditor.followers()) {
            HistoryIndex index = auditor.index(f.zone());
            zones.add(new Views.ZoneStatus(f.zone(), index.size(), index.latest().map(IndexedVersion::serial).orElse(null),
                    f.halted(), f.error(), f.unauthentic(), f.uncheckedZones()));
        }
        return zones;
    }
}
