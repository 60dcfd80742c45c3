package rootzone.eventlog;

import java.util.List;
import org.xbill.DNS.Record;
import rootzone.events.ResourceRecords;

/** For the services' tests that write chunks by hand (a publisher's mistake): RecordWire stays event-log's. Shared through the test-jar. */
public final class TestRecordWire {

    public static ResourceRecords encode(List<? extends Record> records) {
        return RecordWire.encode(records);
    }

    private TestRecordWire() {}
}
