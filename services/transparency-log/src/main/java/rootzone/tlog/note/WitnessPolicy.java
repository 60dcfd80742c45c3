package rootzone.tlog.note;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A C2SP tlog-policy: the logs a verifier accepts, the witnesses it knows, and the quorum of
 * witnesses (directly, or through k-of-n groups) that must have cosigned a checkpoint:
 * <pre>
 * log &lt;vkey&gt; [url]
 * witness &lt;name&gt; &lt;vkey&gt; [url]
 * group &lt;name&gt; all|any|&lt;k&gt; &lt;name&gt;...
 * quorum &lt;name&gt;|none
 * </pre>
 * Names refer only to lines above; each name is a group member at most once; duplicate keys are refused.
 */
public final class WitnessPolicy {

    private static final String NONE = "none";

    private final List<VerifierKey> logs;
    private final Map<String, VerifierKey> witnesses;
    private final Map<String, Group> groups;
    private final String quorum;

    private record Group(int threshold, List<String> members) {}

    private WitnessPolicy(List<VerifierKey> logs, Map<String, VerifierKey> witnesses, Map<String, Group> groups, String quorum) {
        this.logs = logs;
        this.witnesses = witnesses;
        this.groups = groups;
        this.quorum = quorum;
    }

    /** What a checkpoint is worth under the policy. */
    public sealed interface Verdict {
        /** Signed by a listed log and cosigned by a quorum; witnesses = the policy names whose cosignature verified. */
        record Accepted(Checkpoint checkpoint, VerifierKey log, Set<String> witnesses) implements Verdict {}

        record Rejected(String reason) implements Verdict {}
    }

    /** @throws IllegalArgumentException with the line number when the text is not a valid policy */
    public static WitnessPolicy parse(String text) {
        List<VerifierKey> logs = new ArrayList<>();
        Map<String, VerifierKey> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        Set<String> usedAsMember = new LinkedHashSet<>();
        String quorum = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = "policy line " + (n + 1) + ": ";
            if (line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)) {
                throw new IllegalArgumentException(where + "control character");
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("[ \t]+");
            switch (f[0]) {
                case "log" -> {
                    if (f.length < 2 || f.length > 3) {
                        throw new IllegalArgumentException(where + "log <vkey> [url]");
                    }
                    VerifierKey k = key(where, f[1], NoteKeys.ED25519);
                    if (logs.stream().anyMatch(k::sameKey)) {
                        throw new IllegalArgumentException(where + "duplicate log key");
                    }
                    logs.add(k);
                }
                case "witness" -> {
                    if (f.length < 3 || f.length > 4) {
                        throw new IllegalArgumentException(where + "witness <name> <vkey> [url]");
                    }
                    defineName(where, f[1], witnesses, groups);
                    VerifierKey k = key(where, f[2], NoteKeys.COSIGNATURE_V1);
                    if (witnesses.values().stream().anyMatch(k::sameKey)) {
                        throw new IllegalArgumentException(where + "duplicate witness key");
                    }
                    witnesses.put(f[1], k);
                }
                case "group" -> {
                    if (f.length < 4) {
                        throw new IllegalArgumentException(where + "group <name> all|any|<k> <name>...");
                    }
                    defineName(where, f[1], witnesses, groups);
                    List<String> members = List.of(f).subList(3, f.length);
                    for (String m : members) {
                        if (!witnesses.containsKey(m) && !groups.containsKey(m)) {
                            throw new IllegalArgumentException(where + "member " + m + " is not a witness or group defined above");
                        }
                        if (!usedAsMember.add(m)) {
                            throw new IllegalArgumentException(where + m + " is already a group member");
                        }
                    }
                    int k = switch (f[2]) {
                        case "all" -> members.size();
                        case "any" -> 1;
                        default -> {
                            if (!f[2].matches("[1-9][0-9]{0,3}")) {
                                throw new IllegalArgumentException(where + "threshold is all, any or a decimal number");
                            }
                            yield Integer.parseInt(f[2]);
                        }
                    };
                    if (k < 1 || k > members.size()) {
                        throw new IllegalArgumentException(where + "threshold " + k + " is not between 1 and " + members.size());
                    }
                    groups.put(f[1], new Group(k, List.copyOf(members)));
                }
                case "quorum" -> {
                    if (f.length != 2) {
                        throw new IllegalArgumentException(where + "quorum <name>");
                    }
                    if (quorum != null) {
                        throw new IllegalArgumentException(where + "a policy has exactly one quorum line");
                    }
                    if (!f[1].equals(NONE) && !witnesses.containsKey(f[1]) && !groups.containsKey(f[1])) {
                        throw new IllegalArgumentException(where + "quorum " + f[1] + " is not defined above");
                    }
                    quorum = f[1];
                }
                default -> throw new IllegalArgumentException(where + "unknown keyword " + f[0]);
            }
        }
        if (quorum == null) {
            throw new IllegalArgumentException("policy has no quorum line");
        }
        return new WitnessPolicy(List.copyOf(logs), witnesses, groups, quorum);
    }

    private static void defineName(String where, String name, Map<String, VerifierKey> witnesses, Map<String, Group> groups) {
        if (name.equals(NONE) || witnesses.containsKey(name) || groups.containsKey(name)) {
            throw new IllegalArgumentException(where + "name " + name + " is reserved or already defined");
        }
    }

    private static VerifierKey key(String where, String text, int type) {
        VerifierKey k;
        try {
            k = VerifierKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        if (k.type() != type) {
            throw new IllegalArgumentException(where + "key " + k.name() + " has signature type 0x0" + k.type() + ", expected 0x0" + type);
        }
        return k;
    }

    public List<VerifierKey> logs() {
        return logs;
    }

    /** Checks the note: a signature of a listed log whose name is the origin, then the quorum of valid cosignatures. */
    public Verdict check(SignedNote note) {
        Checkpoint cp;
        try {
            cp = Checkpoint.parse(note.body());
        } catch (IllegalArgumentException e) {
            return new Verdict.Rejected("not a checkpoint: " + e.getMessage());
        }
        VerifierKey log = logs.stream().filter(k -> k.name().equals(cp.origin()) && note.verifiedBy(k)).findFirst().orElse(null);
        if (log == null) {
            return new Verdict.Rejected("no valid signature of a log of the policy with origin " + cp.origin());
        }
        Set<String> cosigned = new LinkedHashSet<>();
        witnesses.forEach((name, key) -> {
            if (note.verifiedBy(key)) {
                cosigned.add(name);
            }
        });
        if (!witnessed(quorum, cosigned)) {
            return new Verdict.Rejected("quorum " + quorum + " not met: valid cosignatures from " + (cosigned.isEmpty() ? "no witness" : String.join(", ", cosigned)));
        }
        return new Verdict.Accepted(cp, log, Set.copyOf(cosigned));
    }

    private boolean witnessed(String name, Set<String> cosigned) {
        if (name.equals(NONE)) {
            return true;
        }
        Group g = groups.get(name);
        if (g == null) {
            return cosigned.contains(name);
        }
        return g.members.stream().filter(m -> witnessed(m, cosigned)).count() >= g.threshold;
    }
}
