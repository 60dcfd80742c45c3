package rootzone.auditor.api;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import rootzone.auditor.Auditor;
import rootzone.auditor.replay.ZoneFollower;

/**
 * What the dashboard's live view listens to: every version indexed, every first application of a
 * serial by a node and every refusal, as they reach the auditor, fanned out to each open event stream.
 * Listeners are registered with the first subscriber, when the auditor has started.
 */
@ApplicationScoped
public class LiveFeed {

    /** An idle connection still gets a comment line, so proxies and browsers keep it open. */
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    @Inject Auditor auditor;

    private final BroadcastProcessor<Views.LiveEvent> broadcast = BroadcastProcessor.create();
    private boolean listening;

    Multi<Views.LiveEvent> events() {
        listen();
        Multi<Views.LiveEvent> keepalive = Multi.createFrom().ticks().every(KEEPALIVE)
                .map(t -> new Views.LiveEvent("keepalive", null, null, null, Instant.now()));
        return Multi.createBy().merging().streams(broadcast, keepalive);
    }

    private synchronized void listen() {
        if (listening) {
            return;
        }
        listening = true;
        for (ZoneFollower f : auditor.followers()) {
            auditor.index(f.zone()).onAppend(v -> emit(new Views.LiveEvent("version", f.zone(), v.serial(), v.publisher(), v.committedAt())));
        }
        auditor.applies().onAdd((serial, a) -> emit(new Views.LiveEvent("applied", null, serial, a.nodeId(), a.appliedAt())));
        auditor.rejections().onAdd(r -> emit(new Views.LiveEvent("rejected", r.zone(), r.serial(), r.by(), r.at())));
    }

    /** Replay threads call this concurrently; the processor needs its signals in sequence. */
    private synchronized void emit(Views.LiveEvent e) {
        broadcast.onNext(e);
    }
}
