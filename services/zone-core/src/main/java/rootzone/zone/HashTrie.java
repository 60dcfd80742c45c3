package rootzone.zone;

import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * A persistent hash map over {@link IntTrie}: keys by {@code hashCode}, the few keys sharing a hash in
 * one small array. What a zone version keeps by owner name, shared with the version it came from.
 */
final class HashTrie<K, V> {

    private record Entry(Object key, Object value) {}

    private static final HashTrie<?, ?> EMPTY = new HashTrie<>(IntTrie.empty(), 0);

    private final IntTrie<Object> trie;
    private final int size;

    private HashTrie(IntTrie<Object> trie, int size) {
        this.trie = trie;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> HashTrie<K, V> empty() {
        return (HashTrie<K, V>) EMPTY;
    }

    int size() {
        return size;
    }

    V get(Object key) {
        return find(trie.get(key.hashCode()), key);
    }

    boolean containsKey(Object key) {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    private static <V> V find(Object bucket, Object key) {
        if (bucket == null) {
            return null;
        }
        if (bucket instanceof Entry e) {
            return e.key.equals(key) ? (V) e.value : null;
        }
        for (Entry e : (Entry[]) bucket) {
            if (e.key.equals(key)) {
                return (V) e.value;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        trie.forEach(bucket -> {
            if (bucket instanceof Entry e) {
                action.accept((K) e.key, (V) e.value);
            } else {
                for (Entry e : (Entry[]) bucket) {
                    action.accept((K) e.key, (V) e.value);
                }
            }
        });
    }

    Editor<K, V> edit() {
        return new Editor<>(trie.edit(), size);
    }

    static final class Editor<K, V> {
        private final IntTrie.Editor<Object> trie;
        private int size;

        private Editor(IntTrie.Editor<Object> trie, int size) {
            this.trie = trie;
            this.size = size;
        }

        V get(Object key) {
            return find(trie.get(key.hashCode()), key);
        }

        /** Sets the value of {@code key}; null removes it. */
        Editor<K, V> put(K key, V value) {
            int h = key.hashCode();
            Object bucket = trie.get(h);
            Entry[] entries = bucket == null ? new Entry[0] : bucket instanceof Entry e ? new Entry[] {e} : (Entry[]) bucket;
            int at = -1;
            for (int i = 0; i < entries.length; i++) {
                if (entries[i].key.equals(key)) {
                    at = i;
                }
            }
            Entry[] next;
            if (at >= 0 && value == null) {
                next = new Entry[entries.length - 1];
                System.arraycopy(entries, 0, next, 0, at);
                System.arraycopy(entries, at + 1, next, at, entries.length - at - 1);
                size--;
            } else if (at >= 0) {
                next = entries.clone();
                next[at] = new Entry(key, value);
            } else if (value != null) {
                next = Arrays.copyOf(entries, entries.length + 1);
                next[entries.length] = new Entry(key, value);
                size++;
            } else {
                return this;
            }
            trie.put(h, next.length == 0 ? null : next.length == 1 ? next[0] : next);
            return this;
        }

        HashTrie<K, V> build() {
            return new HashTrie<>(trie.build(), size);
        }
    }
}
