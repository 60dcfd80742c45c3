package rootzone.zone;

/**
 * RFC 1035 §5.1 lexing of a master file, byte by byte, just enough to know where entries start and
 * end: comments, quoted strings, backslash escapes and parentheses (which join lines). Shared by
 * {@link EntryLineTracker} (the line each record starts on) and {@link ZoneParser.Split} (where a
 * file may be cut).
 */
final class EntryLexer {

    /** What one byte was. */
    enum Step {
        /** A newline: {@link #joinsLines()} tells whether the entry goes on past it. */
        NEWLINE,
        /** A byte of an entry's text (not blank, not in a comment, not closing parentheses or a quote). */
        CONTENT,
        /** Anything else: blank, comment, a closing parenthesis or quote. */
        OTHER
    }

    private int parens;
    private boolean inQuote;
    private boolean inComment;
    private boolean escaped;
    private boolean escapedNewline;

    Step step(int c) {
        if (c == '\n') {
            escapedNewline = escaped;
            inComment = false;
            escaped = false;
            return Step.NEWLINE;
        }
        if (inComment) {
            return Step.OTHER;
        }
        if (escaped) {
            escaped = false;
            return Step.CONTENT;
        }
        if (c == '\\') {
            escaped = true;
            return Step.CONTENT;
        }
        if (inQuote) {
            if (c == '"') {
                inQuote = false;
            }
            return Step.OTHER;
        }
        switch (c) {
            case ';' -> {
                inComment = true;
                return Step.OTHER;
            }
            case '"' -> {
                inQuote = true;
                return Step.CONTENT;
            }
            case '(' -> {
                parens++;
                return Step.CONTENT;
            }
            case ')' -> {
                parens = Math.max(0, parens - 1);
                return Step.OTHER;
            }
            case ' ', '\t', '\r' -> {
                return Step.OTHER;
            }
            default -> {
                return Step.CONTENT;
            }
        }
    }

    /** Whether the entry goes on past the last newline: it is inside parentheses or a quoted string. */
    boolean joinsLines() {
        return parens > 0 || inQuote;
    }

    /** Whether the last newline had a backslash before it (never in a comment): dnsjava's token runs on past it. */
    boolean escapedNewline() {
        return escapedNewline;
    }

    /** Whether the bytes so far are inside a comment (a directive's text leaves comments out). */
    boolean inComment() {
        return inComment;
    }
}
