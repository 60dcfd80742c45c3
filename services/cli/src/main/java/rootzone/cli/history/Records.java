package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Records the auditor sends in presentation form (absolute names), back into dnsjava records. */
final class Records {

    static List<Record> parse(JsonNode lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode line : lines) {
            text.append(line.asText()).append('\n');
        }
        List<Record> records = new ArrayList<>();
        try (Master master = new Master(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), Name.root)) {
            Record r;
            while ((r = master.nextRecord()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    private Records() {}
}
