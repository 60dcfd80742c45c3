package rootzone.tlog.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP tlog-checkpoint body: the origin line, the tree size in decimal, the base64 root hash, then
 * optional extension lines, each line ending in a newline.
 */
public record Checkpoint(String origin, long size, byte[] root, List<String> extensions) {

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n") || origin.codePoints().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("checkpoint size " + size);
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("checkpoint root is a 32-byte SHA-256 hash");
        }
        root = root.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("checkpoint extension lines are non-empty single lines");
            }
        }
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    /** @throws IllegalArgumentException when the body is not a checkpoint */
    public static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint body does not end in a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has an origin, a size and a root hash line");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("checkpoint size is not a decimal number without leading zeros: " + lines[1]);
        }
        long size;
        byte[] root;
        try {
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint size or root hash malformed: " + e.getMessage(), e);
        }
        if (!Base64.getEncoder().encodeToString(root).equals(lines[2])) {
            throw new IllegalArgumentException("checkpoint root is not canonical padded base64");
        }
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** The body text. */
    public String body() {
        StringBuilder sb = new StringBuilder().append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        extensions.forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }

    /** Whether both name the same tree head (origin, size, root), extension lines aside. */
    public boolean sameTree(Checkpoint other) {
        return origin.equals(other.origin) && size == other.size && Arrays.equals(root, other.root);
    }
}
