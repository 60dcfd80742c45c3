package rootzone.node.xfr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import rootzone.node.materialize.MaterializerListener;
import rootzone.node.materialize.VersionSwitch;
import rootzone.zone.ZoneDiff;

/**
 * The last N differences between consecutive served versions, for IXFR (RFC 1995). Only served
 * versions count: a rejected version never reaches a secondary, so the diff across it is the one
 * kept. Older diffs fall off; a client further behind gets a full zone.
 */
public final class IxfrJournal implements MaterializerListener {

    private final int capacity;
    private final Deque<ZoneDiff> diffs = new ArrayDeque<>();

    public IxfrJournal(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("journal capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(ZoneDiff diff) {
        if (!diffs.isEmpty() && diffs.peekLast().toSerial() != diff.fromSerial()) {
            diffs.clear(); // a gap (e.g. a restart from an older snapshot): old diffs no longer chain
        }
        diffs.addLast(diff);
        while (diffs.size() > capacity) {
            diffs.removeFirst();
        }
    }

    @Override
    public void switched(VersionSwitch s) {
        if (s.diff() != null) {
            add(s.diff());
        }
    }

    /** The diffs leading from {@code from} to {@code to}, in order, or empty when not all retained. */
    public synchronized Optional<List<ZoneDiff>> chain(long from, long to) {
        List<ZoneDiff> out = new ArrayList<>();
        long at = from;
        boolean started = false;
        for (ZoneDiff d : diffs) {
            if (!started && d.fromSerial() != from) {
                continue;
            }
            started = true;
            if (d.fromSerial() != at) {
                return Optional.empty();
            }
            out.add(d);
            at = d.toSerial();
            if (at == to) {
                return Optional.of(out);
            }
        }
        return Optional.empty();
    }

    public synchronized int size() {
        return diffs.size();
    }
}
