package rootzone.coordination.model.directory;

import rootzone.events.AvroBytes;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.coordination.model.sign.SignatureException;
import rootzone.events.Contact;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

/**
 * The directory of parties (zone maintainer and root server operators) folded from OperatorChanged
 * events, each the full new state of one entry. Keeps every entry's history so the directory can be
 * read back as of any time. Immutable: {@link #with} returns the next directory.
 *
 * <p>Who may sign a change (docs/security.md, "Operator directory"):
 * <ul>
 *   <li>The directory starts from a configured {@link TrustAnchor}: its maintainers are trusted before
 *       they appear in the log, with the anchor's key, until their first entry replaces it. Nobody
 *       else is: the first registrant gains nothing by registering first.
 *   <li>A new entry is signed by a trusted zone maintainer (an anchored one, or a current entry with
 *       role ZONE_MAINTAINER); an anchored maintainer registering itself signs with its anchor key.
 *   <li>An existing entry is signed by a zone maintainer, or by the entry itself with its current key
 *       (how a party rotates its key or changes its contacts); a self-signed change may not change the
 *       role, so no party can make itself maintainer.
 *   <li>A removed entry signs nothing any more, anchored or not.
 * </ul>
 * Who may publish a zone: an identity the anchor names for that zone, while it is a trusted zone
 * maintainer here, with its current key ({@link #publishingKey}).
 */
public final class OperatorDirectory {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Every state of every entry, oldest first. */
    private final Map<String, List<OperatorChanged>> history;
    private final TrustAnchor anchor;

    private OperatorDirectory(Map<String, List<OperatorChanged>> history, TrustAnchor anchor) {
        this.history = history;
        this.anchor = anchor;
    }

    /** The directory before any change: only the anchor's maintainers are trusted. */
    public static OperatorDirectory anchoredAt(TrustAnchor anchor) {
        return new OperatorDirectory(Map.of(), anchor);
    }

    public TrustAnchor anchor() {
        return anchor;
    }

    /**
     * The directory with one more change, after checking its content and signature.
     *
     * @throws IllegalArgumentException when the entry is malformed or not allowed
     * @throws SignatureException when it is not signed by a key allowed to sign it
     */
    public OperatorDirectory with(OperatorChanged change) {
        String id = change.getOperatorId();
        check(id != null && ID.matcher(id).matches(), "operator id '" + id
                + "' must be 1-64 of lower-case letters, digits, '.', '_', '-'");
        check(!change.getName().isBlank(), "operator " + id + " needs a name");
        PublicKey ownKey = Ed25519Keys.publicKey(AvroBytes.toArray(change.getSigningKey()));
        for (Contact c : change.getContacts()) {
            check(!c.getName().isBlank(), "operator " + id + ": a contact needs a name");
            check(EMAIL.matcher(c.getEmail()).matches(), "operator " + id + ": contact " + c.getName()
                    + " has no valid e-mail address ('" + c.getEmail() + "')");
        }
        if (!change.getRemoved()) {
            check(!change.getContacts().isEmpty(), "operator " + id + " needs at least one contact");
        }
        for (String server : change.getServers()) {
            check(server.endsWith("."), "operator " + id + ": server '" + server + "' must be an absolute name (ending in '.')");
        }
        Optional<OperatorChanged> current = current(id);
        Instant at = change.getEnvelope().getProducedAt();
        current.ifPresent(c -> check(!at.isBefore(c.getEnvelope().getProducedAt()),
                "operator " + id + ": change dated " + at + " is before its current entry (" + c.getEnvelope().getProducedAt() + ")"));
        check(current.isPresent() || !change.getRemoved(), "operator " + id + " does not exist: nothing to remove");

        String signer = change.getSignerId();
        PublicKey signerKey = trustedKey(signer).orElseThrow(() -> new SignatureException("directory entry " + id
                + ": signer " + signer + " is neither in the directory nor in the trust anchor"));
        boolean self = signer.equals(id) && current.isPresent();
        if (!isMaintainer(signer)) {
            if (!self) {
                throw new SignatureException("directory entry " + id + ": " + signer
                        + " may not sign it (only the entry itself or a zone maintainer)");
            }
            check(change.getRole() == current.get().getRole(), "directory entry " + id + ": a party cannot change "
                    + "its own role (" + current.get().getRole() + " to " + change.getRole() + "); a zone maintainer must sign that");
        }
        EventSignatures.verify(change, signerKey);

        Map<String, List<OperatorChanged>> next = new TreeMap<>(history);
        List<OperatorChanged> versions = new ArrayList<>(history.getOrDefault(id, List.of()));
        versions.add(change);
        next.put(id, Collections.unmodifiableList(versions));
        return new OperatorDirectory(Collections.unmodifiableMap(next), anchor);
    }

    /**
     * The key a party signs with now: its current entry's, or the anchor's while an anchored
     * maintainer has no entry yet; empty for a removed entry and for anyone else.
     */
    public Optional<PublicKey> trustedKey(String identity) {
        Optional<OperatorChanged> c = current(identity);
        if (c.isPresent()) {
            return c.filter(e -> !e.getRemoved()).map(e -> Ed25519Keys.publicKey(AvroBytes.toArray(e.getSigningKey())));
        }
        return anchor.maintainer(identity).map(TrustAnchor.Maintainer::key);
    }

    /** A trusted zone maintainer: anchored and without an entry yet, or a current ZONE_MAINTAINER entry. */
    public boolean isMaintainer(String identity) {
        Optional<OperatorChanged> c = current(identity);
        if (c.isPresent()) {
            return !c.get().getRemoved() && c.get().getRole() == PartyRole.ZONE_MAINTAINER;
        }
        return anchor.maintainer(identity).isPresent();
    }

    /**
     * The key with which {@code identity} may sign publication requests for {@code zone}: present only
     * when the anchor names it for that zone and it is a trusted zone maintainer here.
     */
    public Optional<PublicKey> publishingKey(String identity, String zone) {
        if (!anchor.maintains(identity, zone) || !isMaintainer(identity)) {
            return Optional.empty();
        }
        return trustedKey(identity);
    }

    /** The current entry of a party (possibly a removal), if it ever existed. */
    public Optional<OperatorChanged> current(String operatorId) {
        List<OperatorChanged> versions = history.get(operatorId);
        return versions == null ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The signing key of a party that is in the directory now (or anchored and not yet entered). */
    public Optional<PublicKey> signingKey(String operatorId) {
        return trustedKey(operatorId);
    }

    public boolean isMember(String operatorId) {
        return current(operatorId).filter(e -> !e.getRemoved()).isPresent();
    }

    /** The directory as it stood at a time: the latest entry per party dated at or before it, removed ones left out. */
    public List<OperatorChanged> asOf(Instant time) {
        List<OperatorChanged> out = new ArrayList<>();
        for (List<OperatorChanged> versions : history.values()) {
            OperatorChanged latest = null;
            for (OperatorChanged v : versions) {
                if (!v.getEnvelope().getProducedAt().isAfter(time)) {
                    latest = v;
                }
            }
            if (latest != null && !latest.getRemoved()) {
                out.add(latest);
            }
        }
        return out;
    }

    /** Every entry currently in the directory, by operator id. */
    public List<OperatorChanged> members() {
        return history.values().stream().map(v -> v.get(v.size() - 1)).filter(e -> !e.getRemoved()).toList();
    }

    /** Every state an entry has had, oldest first. */
    public List<OperatorChanged> history(String operatorId) {
        return history.getOrDefault(operatorId, List.of());
    }


    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
