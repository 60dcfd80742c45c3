package rootzone.zone;

import java.io.BufferedInputStream;
import java.io.InputStream;

/**
 * The master-file bytes as dnsjava's Tokenizer reads them, noting the line on which each entry
 * (record or $ directive) starts, so the parser can tell each record's line.
 *
 * <p>Tokenizer wraps any stream that is not a BufferedInputStream in one that reads 8 KiB ahead,
 * which would put the byte position far past the record just returned. This class is a
 * BufferedInputStream, so Tokenizer uses it as is, and it serves the bytes one by one from memory:
 * Tokenizer reads no further than the end of the record Master returns (its EOL), hence the last
 * entry start seen is that record's. The scan mirrors RFC 1035 §5.1 lexing just enough to know where
 * entries start: comments, quoted strings, backslash escapes and parentheses (which join lines).
 */
final class EntryLineTracker extends BufferedInputStream {

    private final byte[] text;
    private int pos;
    private int line = 1;
    private int parens;
    private boolean inQuote;
    private boolean inComment;
    private boolean escaped;
    private boolean entryOpen;
    private int entryLine;

    EntryLineTracker(byte[] text) {
        super(InputStream.nullInputStream(), 1);
        this.text = text;
    }

    /** The line on which the most recently started entry begins (1-based; 0 before any). */
    int entryLine() {
        return entryLine;
    }

    @Override
    public int read() {
        if (pos >= text.length) {
            return -1;
        }
        int c = text[pos++] & 0xff;
        track(c);
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        int c;
        while (n < len && (c = read()) >= 0) {
            b[off + n++] = (byte) c;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public long skip(long n) {
        long k = 0;
        while (k < n && read() >= 0) {
            k++;
        }
        return k;
    }

    @Override
    public int available() {
        return text.length - pos;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {
        // not supported: reading must stay strictly sequential for the line bookkeeping
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("mark/reset not supported");
    }

    @Override
    public void close() {
        // nothing to release: the bytes are in memory
    }

    private void track(int c) {
        if (c == '\n') {
            line++;
            inComment = false;
            escaped = false;
            if (parens == 0 && !inQuote) {
                entryOpen = false;
            }
            return;
        }
        if (inComment) {
            return;
        }
        if (escaped) {
            escaped = false;
            content();
            return;
        }
        if (c == '\\') {
            escaped = true;
            content();
            return;
        }
        if (inQuote) {
            if (c == '"') {
                inQuote = false;
            }
            return;
        }
        switch (c) {
            case ';' -> inComment = true;
            case '"' -> {
                inQuote = true;
                content();
            }
            case '(' -> {
                parens++;
                content();
            }
            case ')' -> parens = Math.max(0, parens - 1);
            case ' ', '\t', '\r' -> { }
            default -> content();
        }
    }

    private void content() {
        if (!entryOpen) {
            entryOpen = true;
            entryLine = line;
        }
    }
}
