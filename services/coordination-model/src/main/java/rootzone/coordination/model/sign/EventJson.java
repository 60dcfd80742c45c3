package rootzone.coordination.model.sign;

import rootzone.events.AvroBytes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

/**
 * The JSON form of signed coordination events on the HTTP API, shared by the service and the CLI so
 * both build exactly the record that was signed. The envelope is not part of it (the log fills it);
 * binary fields (signature, signingKey) are base64, times ISO-8601.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static ObjectNode toJson(NoticeEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("noticeId", e.getNoticeId());
        n.put("action", e.getAction().name());
        n.put("issuer", e.getIssuer());
        if (e.getKind() != null) n.put("kind", e.getKind().name());
        if (e.getTitle() != null) n.put("title", e.getTitle());
        if (e.getDescription() != null) n.put("description", e.getDescription());
        if (e.getEffectiveAt() != null) n.put("effectiveAt", e.getEffectiveAt().toString());
        ObjectNode changes = n.putObject("changes");
        new TreeMap<>(e.getChanges()).forEach(changes::put);
        ArrayNode parties = n.putArray("parties");
        e.getParties().forEach(parties::add);
        if (e.getSerial() != null) n.put("serial", e.getSerial());
        if (e.getIssuedAt() != null) n.put("issuedAt", e.getIssuedAt().toString());
        n.put("signature", base64(e.getSignature()));
        return n;
    }

    /** @throws IllegalArgumentException naming the first field that is missing or malformed */
    public static NoticeEvent notice(JsonNode n) {
        Map<String, String> changes = new TreeMap<>();
        JsonNode c = n.path("changes");
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            changes.put(f.getKey(), f.getValue().asText());
        }
        return NoticeEvent.newBuilder()
                .setEnvelope(EventSignatures.unsignedEnvelope("NoticeEvent"))
                .setNoticeId(text(n, "noticeId"))
                .setAction(enumValue(NoticeAction.class, text(n, "action"), "action"))
                .setIssuer(text(n, "issuer"))
                .setKind(n.hasNonNull("kind") ? enumValue(NoticeKind.class, n.get("kind").asText(), "kind") : null)
                .setTitle(optional(n, "title"))
                .setDescription(optional(n, "description"))
                .setEffectiveAt(n.hasNonNull("effectiveAt") ? instant(n.get("effectiveAt").asText(), "effectiveAt") : null)
                .setChanges(changes)
                .setParties(strings(n, "parties"))
                .setSerial(n.hasNonNull("serial") ? n.get("serial").asLong() : null)
                .setIssuedAt(issuedAt(n))
                .setSignature(ByteBuffer.wrap(bytes(n, "signature")))
                .build();
    }

    public static ObjectNode toJson(OperatorChanged e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("operatorId", e.getOperatorId());
        n.put("name", e.getName());
        n.put("role", e.getRole().name());
        ArrayNode servers = n.putArray("servers");
        e.getServers().forEach(servers::add);
        ArrayNode contacts = n.putArray("contacts");
        for (Contact c : e.getContacts()) {
            ObjectNode o = contacts.addObject();
            o.put("kind", c.getKind().name());
            o.put("name", c.getName());
            o.put("role", c.getRole());
            o.put("email", c.getEmail());
            if (c.getPhone() != null) o.put("phone", c.getPhone());
            if (c.getPublicKey() != null) o.put("publicKey", c.getPublicKey());
        }
        n.put("signingKey", base64(e.getSigningKey()));
        n.put("removed", e.getRemoved());
        n.put("signerId", e.getSignerId());
        if (e.getIssuedAt() != null) n.put("issuedAt", e.getIssuedAt().toString());
        n.put("signature", base64(e.getSignature()));
        if (e.getEnvelope() != null && !e.getEnvelope().getProducedAt().equals(Instant.EPOCH)) {
            n.put("changedAt", e.getEnvelope().getProducedAt().toString());
        }
        return n;
    }

    /** @throws IllegalArgumentException naming the first field that is missing or malformed */
    public static OperatorChanged operator(JsonNode n) {
        List<Contact> contacts = new ArrayList<>();
        for (JsonNode c : n.path("contacts")) {
            contacts.add(new Contact(enumValue(ContactKind.class, text(c, "kind"), "contact kind"), text(c, "name"),
                    text(c, "role"), text(c, "email"), optional(c, "phone"), optional(c, "publicKey")));
        }
        return OperatorChanged.newBuilder()
                .setEnvelope(EventSignatures.unsignedEnvelope("OperatorChanged"))
                .setOperatorId(text(n, "operatorId"))
                .setName(text(n, "name"))
                .setRole(enumValue(PartyRole.class, text(n, "role"), "role"))
                .setServers(strings(n, "servers"))
                .setContacts(contacts)
                .setSigningKey(ByteBuffer.wrap(bytes(n, "signingKey")))
                .setRemoved(n.path("removed").asBoolean(false))
                .setSignerId(text(n, "signerId"))
                .setIssuedAt(issuedAt(n))
                .setSignature(ByteBuffer.wrap(bytes(n, "signature")))
                .build();
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static byte[] bytes(JsonNode n, String field) {
        String v = optional(n, field);
        if (v == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "' is not base64");
        }
    }

    private static Instant issuedAt(JsonNode n) {
        return n.hasNonNull("issuedAt") ? instant(n.get("issuedAt").asText(), "issuedAt") : null;
    }

    private static Instant instant(String v, String field) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: " + v);
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': '" + v + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String base64(ByteBuffer b) {
        return Base64.getEncoder().encodeToString(AvroBytes.toArray(b));
    }

    private EventJson() {}
}
