package rootzone.eventlog;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The zone as it appears in Kafka keys and envelopes: the origin in lower-case presentation form,
 * absolute, "." for the root. One spelling per zone, or a reader filtering by key would miss versions.
 */
public final class ZoneKeys {

    public static String of(Name origin) {
        if (!origin.isAbsolute()) {
            throw new IllegalArgumentException("zone origin must be absolute: " + origin);
        }
        return origin.canonicalize().toString();
    }

    /** The origin named by a key or by a user ("." / "example" / "Example."), as an absolute name. */
    public static Name origin(String zone) {
        try {
            return Name.fromString(zone, Name.root).canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a zone name: " + zone, e);
        }
    }

    /** Normalizes a user-given zone name to its key. */
    public static String normalize(String zone) {
        return of(origin(zone));
    }

    private ZoneKeys() {}
}
