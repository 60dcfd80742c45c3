package rootzone.zone;

import java.util.function.Consumer;

/**
 * A persistent map from int keys to values: a hash array mapped trie (32 slots a level, chosen by five
 * bits of the key from the low end), immutable once built. A change copies the path to its key
 * (at most seven small nodes) and shares everything else with the map it came from, so the next
 * version of a zone index costs its changes, not its size. Reads need no lock and allocate nothing.
 *
 * <p>Changes go through an {@link Editor}: nodes it made itself it changes in place (so building a
 * 1,000,000-entry map does not copy a path per entry), nodes of the map it started from it copies.
 */
public final class IntTrie<V> {

    private static final IntTrie<?> EMPTY = new IntTrie<>(new Node(null, 0, new Object[0]), 0);

    /** An inner node: which of its 32 slots are used, and their contents (Leaf or Node) in slot order. */
    private static final class Node {
        final Object edit;
        int bitmap;
        Object[] slots;

        Node(Object edit, int bitmap, Object[] slots) {
            this.edit = edit;
            this.bitmap = bitmap;
            this.slots = slots;
        }
    }

    private record Leaf(int key, Object value) {}

    private final Node root;
    private final int size;

    private IntTrie(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <V> IntTrie<V> empty() {
        return (IntTrie<V>) EMPTY;
    }

    public int size() {
        return size;
    }

    /** The value at {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(int key) {
        Node node = root;
        for (int shift = 0; ; shift += 5) {
            int bit = 1 << ((key >>> shift) & 31);
            if ((node.bitmap & bit) == 0) {
                return null;
            }
            Object o = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
            if (o instanceof Leaf leaf) {
                return leaf.key == key ? (V) leaf.value : null;
            }
            node = (Node) o;
        }
    }

    /** Every value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(Consumer<? super V> action) {
        forEach(root, (Consumer<Object>) action);
    }

    private static void forEach(Node node, Consumer<Object> action) {
        for (Object o : node.slots) {
            if (o instanceof Leaf leaf) {
                action.accept(leaf.value);
            } else {
                forEach((Node) o, action);
            }
        }
    }

    /** An editor starting from this map (which it never changes). */
    public Editor<V> edit() {
        return new Editor<>(root, size);
    }

    /** Changes to a map; {@link #build} ends them. Not for use by several threads at once. */
    public static final class Editor<V> {
        private Object token = new Object();
        private Node root;
        private int size;

        private Editor(Node root, int size) {
            this.root = root;
            this.size = size;
        }

        /** Sets the value at {@code key} (null removes it). */
        public Editor<V> put(int key, V value) {
            if (token == null) {
                throw new IllegalStateException("editor already built");
            }
            if (value == null) {
                Object r = remove(root, key, 0);
                root = r == null ? new Node(token, 0, new Object[0]) : r instanceof Node n ? n : wrap((Leaf) r, 0);
            } else {
                root = put(root, key, value, 0);
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        public V get(int key) {
            return new IntTrie<V>(root, size).get(key);
        }

        /** The map as edited; the editor may not be used afterwards. */
        public IntTrie<V> build() {
            token = null; // nodes made so far are now part of an immutable map
            return new IntTrie<>(root, size);
        }

        private Node owned(Node node) {
            return node.edit == token ? node : new Node(token, node.bitmap, node.slots.clone());
        }

        private Node put(Node node, int key, Object value, int shift) {
            int bit = 1 << ((key >>> shift) & 31);
            int idx = Integer.bitCount(node.bitmap & (bit - 1));
            if ((node.bitmap & bit) == 0) {
                Node n = node.edit == token ? node : new Node(token, node.bitmap, node.slots);
                Object[] slots = new Object[node.slots.length + 1];
                System.arraycopy(node.slots, 0, slots, 0, idx);
                slots[idx] = new Leaf(key, value);
                System.arraycopy(node.slots, idx, slots, idx + 1, node.slots.length - idx);
                n.slots = slots;
                n.bitmap = node.bitmap | bit;
                size++;
                return n;
            }
            Object o = node.slots[idx];
            Object replaced;
            if (o instanceof Leaf leaf) {
                if (leaf.key == key) {
                    replaced = new Leaf(key, value);
                } else {
                    Node sub = put(wrap(leaf, shift + 5), key, value, shift + 5);
                    replaced = sub;
                }
            } else {
                replaced = put((Node) o, key, value, shift + 5);
            }
            Node n = owned(node);
            n.slots[idx] = replaced;
            return n;
        }

        private Node wrap(Leaf leaf, int shift) {
            return new Node(token, 1 << ((leaf.key >>> shift) & 31), new Object[] {leaf});
        }

        /** The node without {@code key}: a Node, a lone Leaf to pull up, or null when empty. */
        private Object remove(Node node, int key, int shift) {
            int bit = 1 << ((key >>> shift) & 31);
            if ((node.bitmap & bit) == 0) {
                return node;
            }
            int idx = Integer.bitCount(node.bitmap & (bit - 1));
            Object o = node.slots[idx];
            Object replaced;
            if (o instanceof Leaf leaf) {
                if (leaf.key != key) {
                    return node;
                }
                replaced = null;
                size--;
            } else {
                replaced = remove((Node) o, key, shift + 5);
                if (replaced == o) {
                    return node;
                }
            }
            if (replaced == null) {
                if (node.slots.length == 1) {
                    return null;
                }
                if (node.slots.length == 2 && shift > 0 && node.slots[1 - idx] instanceof Leaf other) {
                    return other; // pulled up into the parent's slot
                }
                Node n = node.edit == token ? node : new Node(token, node.bitmap, node.slots);
                Object[] slots = new Object[node.slots.length - 1];
                System.arraycopy(node.slots, 0, slots, 0, idx);
                System.arraycopy(node.slots, idx + 1, slots, idx, node.slots.length - idx - 1);
                n.slots = slots;
                n.bitmap = node.bitmap & ~bit;
                return n;
            }
            if (replaced instanceof Leaf && node.slots.length == 1 && shift > 0) {
                return replaced;
            }
            Node n = owned(node);
            n.slots[idx] = replaced;
            return n;
        }
    }
}
