package rootzone.kafka.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a Kafka client is: one principal (a SCRAM user) per role, and one per serving node. The name is
 * both the Kafka user name ({@code User:name}) and the base name of the role's client properties file.
 * What each role may do is {@link RoleAcls}.
 */
public final class Role {

    public enum Kind { ADMIN, PUBLISHER, NODE, AUDITOR, COORDINATION }

    /** Creates topics, users and ACLs; no service runs as it. */
    public static final Role ADMIN = new Role(Kind.ADMIN, "admin");
    public static final Role PUBLISHER = new Role(Kind.PUBLISHER, "publisher");
    public static final Role AUDITOR = new Role(Kind.AUDITOR, "auditor");
    public static final Role COORDINATION = new Role(Kind.COORDINATION, "coordination");

    /** The roles that are not a node, in table order. */
    public static final List<Role> FIXED = List.of(ADMIN, PUBLISHER, AUDITOR, COORDINATION);

    /** Node ids become user names, file names and Kubernetes object names: keep them to that alphabet. */
    private static final Pattern NODE_ID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    private final Kind kind;
    private final String name;

    private Role(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /**
     * The role of the serving node with this id ({@code rootzone.node.id}).
     *
     * @throws IllegalArgumentException when the id is not lower-case letters, digits, '-' and '.', or
     *     is the name of another role
     */
    public static Role node(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id '" + nodeId + "' must be 1-63 lower-case letters, digits, '-' or '.'"
                    + " (it becomes the node's Kafka user name)");
        }
        if (FIXED.stream().anyMatch(r -> r.name.equals(nodeId))) {
            throw new IllegalArgumentException("node id '" + nodeId + "' is the name of another Kafka role");
        }
        return new Role(Kind.NODE, nodeId);
    }

    /** The role of this name: a fixed role's name, else a node id. */
    public static Role named(String name) {
        return FIXED.stream().filter(r -> r.name.equals(name)).findFirst().orElseGet(() -> node(name));
    }

    public Kind kind() {
        return kind;
    }

    /** The Kafka user name, and the base name of the role's client properties file. */
    public String name() {
        return name;
    }

    /** The principal the broker sees, as ACLs name it. */
    public String principal() {
        return "User:" + name;
    }

    /** For a node role: its node id. */
    public Optional<String> nodeId() {
        return kind == Kind.NODE ? Optional.of(name) : Optional.empty();
    }

    /** {@code <name>.properties}: where `rootzone up` and the test broker write the role's connection. */
    public String fileName() {
        return name + ".properties";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Role r && r.kind == kind && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
