package rootzone.auditor.api;

import rootzone.http.TimeParameter;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import rootzone.auditor.Auditor;
import rootzone.auditor.coordination.NoticeFollower;
import rootzone.auditor.index.ChangeKind;
import rootzone.auditor.index.ChangeSummary;
import rootzone.auditor.index.DelegationTimeline;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.replay.NodeStates;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.replay.ZoneFollower;
import rootzone.coordination.model.notice.NoticeBook;
import rootzone.eventlog.ZoneKeys;

/**
 * What the dashboard (services/dashboard, served at /) reads beyond /history and /compliance: summaries
 * computed from what the auditor already holds, sized for a page (a timeline page, not 1,978 diffs),
 * and a server-sent event stream for the live view. Read-only, like every GET here.
 */
@Path("/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    private static final String DEFAULT_ZONE = ".";
    private static final int MAX_PAGE = 500;

    @Inject Auditor auditor;
    @Inject LiveFeed live;

    @GET
    @Path("/now")
    public Views.Now now(@QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        HistoryIndex index = auditor.index(zone);
        String key = ZoneKeys.normalize(zone);
        Instant now = Instant.now();
        RejectionLog rejections = auditor.rejections();
        Views.Version latest = index.latest().map(v -> Views.Version.of(v, rejections.countFor(v.serial()))).orElse(null);
        ZoneFollower follower = auditor.follower(zone);
        var events = auditor.events();
        int refused = (int) rejections.all().stream().filter(r -> key.equals(r.zone())).count();
        return new Views.Now(key, now, index.size(), latest,
                NodeStates.of(index, key, auditor.applies(), rejections, now), events.caughtUp(), events.checked(),
                events.firstBreak().orElse(null), follower.halted(), refused);
    }

    /**
     * The classified timeline: {@code kind} (repeatable) keeps versions with any of those kinds,
     * {@code from}/{@code to} limit by effective time (inclusive, exclusive); a page of {@code limit}
     * versions from {@code offset}, newest first.
     */
    @GET
    @Path("/changes")
    public Views.Timeline changes(@QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone,
                                  @QueryParam("kind") List<String> kinds, @QueryParam("from") String from,
                                  @QueryParam("to") String to, @QueryParam("offset") @DefaultValue("0") int offset,
                                  @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        Set<ChangeKind> wanted = EnumSet.noneOf(ChangeKind.class);
        for (String k : kinds) {
            for (String part : k.split(",")) {
                if (!part.isBlank()) {
                    try {
                        wanted.add(ChangeKind.valueOf(part.trim().toUpperCase()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("unknown kind '" + part + "'; kinds: " + java.util.Arrays.toString(ChangeKind.values()));
                    }
                }
            }
        }
        Instant start = from == null || from.isBlank() ? Instant.MIN : TimeParameter.parse("from", from);
        Instant end = to == null || to.isBlank() ? Instant.MAX : TimeParameter.parse("to", to);
        HistoryIndex index = auditor.index(zone);
        List<IndexedVersion> versions = index.versions();
        List<ChangeSummary> summaries = index.changes();
        Map<Long, Integer> rejected = new HashMap<>();
        for (RejectionLog.Rejection r : auditor.rejections().all()) {
            if (r.serial() != null) {
                rejected.merge(r.serial(), 1, Integer::sum);
            }
        }
        int n = Math.min(versions.size(), summaries.size());
        Map<ChangeKind, Integer> kindCounts = new EnumMap<>(ChangeKind.class);
        TreeMap<LocalDate, int[]> weekTotals = new TreeMap<>();
        TreeMap<LocalDate, Map<ChangeKind, Integer>> weekKinds = new TreeMap<>();
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ChangeSummary c = summaries.get(i);
            boolean inTime = !c.effectiveAt().isBefore(start) && c.effectiveAt().isBefore(end);
            boolean ofKind = wanted.isEmpty() || c.kinds().stream().anyMatch(wanted::contains);
            if (inTime) {
                c.kinds().forEach(k -> kindCounts.merge(k, 1, Integer::sum));
            }
            if (ofKind) {
                LocalDate week = c.effectiveAt().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                weekTotals.computeIfAbsent(week, w -> new int[1])[0]++;
                Map<ChangeKind, Integer> wk = weekKinds.computeIfAbsent(week, w -> new EnumMap<>(ChangeKind.class));
                c.kinds().forEach(k -> wk.merge(k, 1, Integer::sum));
                if (inTime) {
                    matching.add(i);
                }
            }
        }
        List<Views.TimelineVersion> items = new ArrayList<>();
        for (int j = matching.size() - 1 - offset; j >= 0 && items.size() < limit; j--) {
            int i = matching.get(j);
            IndexedVersion v = versions.get(i);
            items.add(new Views.TimelineVersion(v.serial(), v.previousSerial(), v.effectiveAt(), v.publisher(), v.source(),
                    v.imported(), v.deltaSize(), rejected.getOrDefault(v.serial(), 0), summaries.get(i).subjects()));
        }
        List<Views.Week> weeks = new ArrayList<>();
        weekTotals.forEach((w, t) -> weeks.add(new Views.Week(w, t[0], weekKinds.get(w))));
        return new Views.Timeline(ZoneKeys.normalize(zone), versions.size(), matching.size(), kindCounts, weeks, offset, limit, items);
    }

    /**
     * The diff of a version against another as the CLI prints it ({@link rootzone.zone.ZoneDiff#lines()}),
     * signature noise hidden unless {@code signatures=true}; {@code from} defaults to the version before.
     */
    @GET
    @Path("/diff")
    public Views.DiffLines diff(@QueryParam("to") Long to, @QueryParam("from") Long from,
                                @QueryParam("signatures") @DefaultValue("false") boolean signatures,
                                @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        if (to == null) {
            throw new IllegalArgumentException("give the serial: ?to=S (and optionally from=S0)");
        }
        HistoryIndex index = auditor.index(zone);
        IndexedVersion v = index.version(to).orElseThrow(() -> new NoSuchElementException("serial " + to + " is not in the log"));
        long base = from != null ? from : v.previousSerial() != null ? v.previousSerial() : to;
        rootzone.zone.ZoneDiff d = index.diff(base, to);
        if (!signatures) {
            d = rootzone.auditor.index.SignatureChanges.hide(d);
        }
        return new Views.DiffLines(base, to, signatures, d.removed().size(), d.added().size(), d.lines());
    }

    /** A TLD (or any delegation) over the whole history: NS, DS and glue changes by serial. */
    @GET
    @Path("/delegation/{name}")
    public DelegationTimeline delegation(@PathParam("name") String name, @QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        Name n;
        try {
            n = Name.fromString(name.trim(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a domain name: " + name);
        }
        DelegationTimeline t = auditor.index(zone).delegationTimeline(n);
        if (t.changes().isEmpty()) {
            throw new NoSuchElementException(n + " is not delegated in any version of " + ZoneKeys.normalize(zone));
        }
        return t;
    }

    @GET
    @Path("/latency")
    public Views.LatencySummary latency(@QueryParam("zone") @DefaultValue(DEFAULT_ZONE) String zone) {
        return Latencies.summary(ZoneKeys.normalize(zone), auditor.index(zone).versions(), auditor.applies());
    }

    /** Every notice as the auditor verified its steps: lifecycle state, acknowledgements, timeline, serial. */
    @GET
    @Path("/notices")
    public Views.Notices notices() {
        NoticeFollower f = auditor.notices();
        long offset = f.position();
        NoticeBook book = f.book();
        return new Views.Notices(offset, book.all(), book.awaitingByParty(), f.refused());
    }

    @GET
    @Path("/trust")
    public Views.Trust trust() {
        long caughtUpAt = auditor.events().caughtUpAt();
        List<Views.ZonePolicy> zones = auditor.followers().stream().map(f -> {
            List<rootzone.auditor.index.Unauthentic> failing = f.unauthentic();
            List<rootzone.auditor.index.Unauthentic> latest = new ArrayList<>(failing.subList(Math.max(0, failing.size() - 10), failing.size()));
            java.util.Collections.reverse(latest);
            return new Views.ZonePolicy(f.zone(), auditor.index(f.zone()).size(), failing.size(), latest);
        }).toList();
        return new Views.Trust(auditor.logs().all().stream()
                .map(l -> l.state(auditor.policy(), auditor.logs().findingsOf(l, caughtUpAt))).toList(), zones, auditor.reread().state());
    }

    /** Server-sent events: "version" (indexed), "applied" (a node's first application of a serial), "rejected", "keepalive". */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Views.LiveEvent> events() {
        return live.events();
    }
}
