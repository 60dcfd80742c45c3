package rootzone.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (C3 01, 8-byte schema fingerprint, body) for every event type: each
 * Kafka value names its own schema, so no registry server is needed. Decoding accepts every schema
 * released in schemas/ and resolves it to the current one.
 *
 * <p>The released schemas are parsed the first time a value names a schema other than the current
 * ones, not before: their parse and fingerprints (five releases of JSON through Avro's parser and
 * Jackson) took 0.35 s of a node's start from Kafka, on the thread decoding the first snapshot,
 * while every event such a node reads is written with the current schemas.
 */
public final class EventCodec {

    /** Every event type of the contract (values of Kafka records). */
    public static final List<Class<? extends SpecificRecord>> EVENT_TYPES = List.of(
            ZoneVersionChunk.class, ZoneVersionCommitted.class, ZoneSnapshotChunk.class,
            ZoneSnapshotHead.class, VersionRejected.class, NodeApplied.class,
            OperatorChanged.class, NoticeEvent.class, LogCheckpoint.class);

    /** The released schema sets in schemas/released/, oldest first (packaged under rootzone/events/released/). */
    public static final List<String> RELEASES = List.of("v1", "v2", "v3", "v4", "v5");

    /** Named types other schema files refer to: parsed first. */
    private static final List<String> SHARED_TYPES = List.of("Envelope", "ResourceRecords", "Contact");

    private static final EventCodec INSTANCE = new EventCodec();

    public static EventCodec get() {
        return INSTANCE;
    }

    private final Map<Long, Class<? extends SpecificRecord>> typeByFingerprint = new ConcurrentHashMap<>();
    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new HashMap<>();
    private final Map<Class<?>, BinaryMessageDecoder<SpecificRecord>> decoders = new HashMap<>();

    /** Whether the released schemas have been parsed (at the first value naming none of the current ones). */
    private volatile boolean releasedRead;

    EventCodec() {
        for (Class<? extends SpecificRecord> type : EVENT_TYPES) {
            Schema schema = schemaOf(type);
            // The generated class's own loader: avro.jar and the classes may sit in different class
            // loaders (Quarkus dev/test), and SpecificData.get() would then build the wrong classes.
            SpecificData model = new SpecificData(type.getClassLoader());
            SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
            SchemaStore.Cache store = new SchemaStore.Cache();
            encoders.put(type, new BinaryMessageEncoder<>(model, schema));
            decoders.put(type, new BinaryMessageDecoder<>(model, schema, store));
            typeByFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), type);
        }
    }

    /** Parses every released schema set once, so that decoders know all their writers. */
    private synchronized void readReleased() {
        if (!releasedRead) {
            for (String release : RELEASES) {
                released(release).forEach(this::addWriterSchema);
            }
            releasedRead = true;
        }
    }

    /** Whether a value has needed the released schemas yet. */
    boolean releasedRead() {
        return releasedRead;
    }

    /**
     * The event schemas of one released set, read from the classpath. A type added in a later
     * release (LogCheckpoint in v4) is simply absent from the earlier sets.
     */
    static List<Schema> released(String release) {
        Schema.Parser parser = new Schema.Parser();
        SHARED_TYPES.forEach(name -> parse(parser, release, name, true));
        return EVENT_TYPES.stream().map(type -> parse(parser, release, type.getSimpleName(), false))
                .filter(java.util.Objects::nonNull).toList();
    }

    private static Schema parse(Schema.Parser parser, String release, String name, boolean required) {
        String resource = "/rootzone/events/released/" + release + "/" + name + ".avsc";
        try (var in = EventCodec.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (!required) {
                    return null;
                }
                throw new IllegalStateException("released schema missing from the classpath: " + resource);
            }
            return parser.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Lets decoders read values written with an older released schema of the same type. */
    public synchronized void addWriterSchema(Schema writer) {
        for (Class<? extends SpecificRecord> type : EVENT_TYPES) {
            if (schemaOf(type).getFullName().equals(writer.getFullName())) {
                decoders.get(type).addSchema(writer);
                typeByFingerprint.put(SchemaNormalization.parsingFingerprint64(writer), type);
            }
        }
    }

    public byte[] encode(SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(event.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException("not an event type of the contract: " + event.getClass());
        }
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes any event of the contract; the fingerprint in the value says which. */
    public SpecificRecord decode(byte[] value) {
        Class<? extends SpecificRecord> type = typeOf(value);
        try {
            return decoders.get(type).decode(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("undecodable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public <T extends SpecificRecord> T decode(byte[] value, Class<T> expected) {
        SpecificRecord event = decode(value);
        if (!expected.isInstance(event)) {
            throw new IllegalArgumentException("expected " + expected.getSimpleName() + " but found "
                    + event.getClass().getSimpleName());
        }
        return expected.cast(event);
    }

    /** The event type a value is encoded as, from its schema fingerprint. */
    public Class<? extends SpecificRecord> typeOf(byte[] value) {
        if (value == null || value.length < 10 || value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
            throw new IllegalArgumentException("not an Avro single-object encoded event");
        }
        long fingerprint = ByteBuffer.wrap(value, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Class<? extends SpecificRecord> type = typeByFingerprint.get(fingerprint);
        if (type == null && !releasedRead) {
            readReleased();
            type = typeByFingerprint.get(fingerprint);
        }
        if (type == null) {
            throw new IllegalArgumentException("unknown schema fingerprint " + Long.toHexString(fingerprint));
        }
        return type;
    }

    /** The envelope every event carries. */
    public static Envelope envelopeOf(SpecificRecord event) {
        return (Envelope) event.get(event.getSchema().getField("envelope").pos());
    }

    /** SHA-256 of an encoded value: what the next event's envelope.previousHash must hold. */
    public static byte[] hash(byte[] encodedValue) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encodedValue);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Schema schemaOf(Class<? extends SpecificRecord> type) {
        try {
            return (Schema) type.getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
