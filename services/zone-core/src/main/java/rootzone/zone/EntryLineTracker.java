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
 * entry start seen is that record's. {@link EntryLexer} tells where entries start and end.
 */
final class EntryLineTracker extends BufferedInputStream {

    /** Told how many records each {@code $GENERATE} will produce, once its line is read and before dnsjava expands it. */
    @FunctionalInterface
    interface GenerateCheck {
        void generate(long records, int line, String directive);
    }

    /** Enough of a directive entry to read its first two tokens ($GENERATE and its range). */
    private static final int DIRECTIVE_PREFIX = 128;

    private final byte[] text;
    private int pos;
    private int line;
    private final EntryLexer lexer = new EntryLexer();
    private boolean entryOpen;
    private int entryLine;
    private final StringBuilder directive = new StringBuilder();
    private boolean inDirective;
    private final GenerateCheck generateCheck;

    EntryLineTracker(byte[] text) {
        this(text, 1, (records, line, d) -> { });
    }

    /** @param firstLine the number of the text's first line (a part of a file counts the file's lines) */
    EntryLineTracker(byte[] text, int firstLine, GenerateCheck generateCheck) {
        super(InputStream.nullInputStream(), 1);
        this.text = text;
        this.line = firstLine;
        this.generateCheck = generateCheck;
    }

    /** The line on which the most recently started entry begins (1-based; 0 before any). */
    int entryLine() {
        return entryLine;
    }

    @Override
    public int read() {
        if (pos >= text.length) {
            endEntry();
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
        if (inDirective && directive.length() < DIRECTIVE_PREFIX && !lexer.inComment() && c != '\n') {
            directive.append((char) c);
        }
        switch (lexer.step(c)) {
            case NEWLINE -> {
                line++;
                if (!lexer.joinsLines()) {
                    endEntry();
                }
            }
            case CONTENT -> content();
            case OTHER -> { }
        }
    }

    private void content() {
        if (!entryOpen) {
            entryOpen = true;
            entryLine = line;
            inDirective = pos > 0 && text[pos - 1] == '$';
            directive.setLength(0);
            if (inDirective) {
                directive.append('$');
            }
        }
    }

    /**
     * At the end of an entry (its newline, outside parentheses, or the end of the text): dnsjava reads
     * a $GENERATE line up to its end before it expands it (Master.startGenerate reads the EOL), so a
     * check here runs before the first generated record exists.
     */
    private void endEntry() {
        if (entryOpen && inDirective) {
            String[] tokens = directive.toString().strip().split("\\s+");
            if (tokens.length >= 2 && tokens[0].equalsIgnoreCase("$GENERATE")) {
                generateCheck.generate(rangeSize(tokens[1]), entryLine, directive.toString().strip());
            }
        }
        entryOpen = false;
        inDirective = false;
    }

    /** Records produced by a $GENERATE range start-stop[/step]; 0 when malformed (dnsjava reports that). */
    static long rangeSize(String range) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,10})-(\\d{1,10})(?:/(\\d{1,10}))?").matcher(range);
        if (!m.matches()) {
            return 0;
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
        return start > end || step <= 0 ? 0 : (end - start) / step + 1;
    }
}
