package rootzone.coordination.model.directory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import rootzone.eventlog.signing.Ed25519Keys;

/**
 * Where the operator directory's authority starts: each zone's maintainer identity and its Ed25519
 * public key, configured by the operator on every host that folds the directory (coordination,
 * publisher, auditor), never learned from the log. Without it whoever registered first would become
 * the maintainer (issue 10).
 *
 * <p>File format (docs/security.md, "Trust anchor"): one line per zone and maintainer,
 * {@code ZONE IDENTITY PUBLIC-KEY} separated by white space, the key base64 of its X.509
 * SubjectPublicKeyInfo (what {@code rootzone operator keygen} writes to PREFIX.pub); '#' starts a
 * comment. An identity may maintain several zones but has one key.
 */
public final class TrustAnchor {

    /** One anchored maintainer: the zones it maintains and its key as first configured. */
    public record Maintainer(String identity, PublicKey key, Set<String> zones) {}

    private static final TrustAnchor NONE = new TrustAnchor(Map.of());

    private final Map<String, Maintainer> byIdentity;

    private TrustAnchor(Map<String, Maintainer> byIdentity) {
        this.byIdentity = byIdentity;
    }

    /** No anchored maintainer: nothing can be registered, nobody may publish. */
    public static TrustAnchor none() {
        return NONE;
    }

    /** @throws IllegalArgumentException naming the file and line when it is unreadable or malformed */
    public static TrustAnchor read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("trust anchor " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the source and line when the text is malformed */
    public static TrustAnchor parse(String text, String source) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Map<String, Set<String>> zones = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException(where + "expected 'ZONE IDENTITY PUBLIC-KEY', found " + f.length + " fields");
            }
            String zone;
            try {
                zone = zoneKey(f[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            PublicKey key;
            try {
                key = Ed25519Keys.publicKeyFromBase64(f[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "identity " + f[1] + ": " + e.getMessage(), e);
            }
            PublicKey before = keys.putIfAbsent(f[1], key);
            if (before != null && !before.equals(key)) {
                throw new IllegalArgumentException(where + "identity " + f[1] + " is given two different keys");
            }
            zones.computeIfAbsent(f[1], k -> new TreeSet<>()).add(zone);
        }
        Map<String, Maintainer> out = new LinkedHashMap<>();
        keys.forEach((id, key) -> out.put(id, new Maintainer(id, key, Collections.unmodifiableSet(zones.get(id)))));
        return new TrustAnchor(Collections.unmodifiableMap(out));
    }

    /** The text form of one line, as {@link #parse} reads it. */
    public static String line(String zone, String identity, PublicKey key) {
        return zoneKey(zone) + " " + identity + " " + Ed25519Keys.toBase64(key);
    }

    /** A zone name as the anchor and the publisher compare it: absolute, lower case, "." for the root. */
    public static String zoneKey(String zone) {
        try {
            return Name.fromString(zone, Name.root).canonicalize().toString();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + zone + "' is not a zone name: " + e.getMessage(), e);
        }
    }

    public Optional<Maintainer> maintainer(String identity) {
        return Optional.ofNullable(byIdentity.get(identity));
    }

    /** Whether the anchor names this identity as a maintainer of the zone. */
    public boolean maintains(String identity, String zone) {
        Maintainer m = byIdentity.get(identity);
        return m != null && m.zones().contains(zoneKey(zone));
    }

    public boolean isEmpty() {
        return byIdentity.isEmpty();
    }

    @Override
    public String toString() {
        return byIdentity.isEmpty() ? "no anchored maintainer" : byIdentity.values().stream()
                .map(m -> m.identity() + " " + m.zones()).toList().toString().toLowerCase(Locale.ROOT);
    }
}
