package rootzone.auditor.replay;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every VersionRejected in log order: who refused which version, why and when. */
public final class RejectionLog {

    /**
     * @param by the producer that refused it (publisher or node id)
     * @param role PUBLISHER or NODE
     * @param serial null when the version did not even parse
     */
    public record Rejection(Instant at, String by, String role, Long serial, String reason, String detail, String source,
                            String requestedBy, String zone, int partition, long offset) {}

    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

    private final List<java.util.function.Consumer<Rejection>> listeners = new CopyOnWriteArrayList<>();

    public void add(Rejection r) {
        rejections.add(r);
        listeners.forEach(l -> l.accept(r));
    }

    /** Told every rejection as it is read (the dashboard's live updates). */
    public void onAdd(java.util.function.Consumer<Rejection> listener) {
        listeners.add(listener);
    }

    public List<Rejection> all() {
        return List.copyOf(rejections);
    }

    public long countFor(long serial) {
        return rejections.stream().filter(r -> r.serial() != null && r.serial() == serial).count();
    }
}
