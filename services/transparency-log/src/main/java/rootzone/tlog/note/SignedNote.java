package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2SP signed note: the body (UTF-8 text ending in a newline), an empty line, then one or more
 * signature lines. Parsing follows the spec (and Go's note.Open): the body ends at the last blank
 * line, no control characters but newline, at most 100 signatures.
 */
public record SignedNote(String body, List<NoteSignature> signatures) {

    private static final int MAX_SIGNATURES = 100;

    public SignedNote {
        checkBody(body);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a signed note carries 1 to " + MAX_SIGNATURES + " signatures, not " + signatures.size());
        }
    }

    /** A note with one signature by the signer (type 0x01) over the body. */
    public static SignedNote sign(String body, NoteSigner signer) {
        checkBody(body);
        return new SignedNote(body, List.of(signer.sign(body)));
    }

    /** @throws IllegalArgumentException when the text is not a well-formed signed note */
    public static SignedNote parse(String text) {
        text.codePoints().filter(c -> c < 0x20 && c != '\n').findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("signed note with control character 0x" + Integer.toHexString(c));
        });
        int split = text.lastIndexOf("\n\n");
        if (split < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("not a signed note: no blank line before the signatures, or no final newline");
        }
        String body = text.substring(0, split + 1);
        String sigs = text.substring(split + 2);
        if (sigs.isEmpty()) {
            throw new IllegalArgumentException("signed note without signature lines");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
            signatures.add(NoteSignature.parseLine(line));
        }
        return new SignedNote(body, signatures);
    }

    public static SignedNote parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    /** The note text: body, blank line, signature lines. */
    public String text() {
        StringBuilder sb = new StringBuilder(body).append('\n');
        signatures.forEach(s -> sb.append(s.line()));
        return sb.toString();
    }

    /** Whether a signature of this key verifies over the body. */
    public boolean verifiedBy(VerifierKey key) {
        return signatures.stream().anyMatch(s -> key.verifies(body, s));
    }

    /** This note with one more signature; an earlier one with the same name and key ID is replaced. */
    public SignedNote with(NoteSignature signature) {
        List<NoteSignature> next = new ArrayList<>();
        for (NoteSignature s : signatures) {
            if (!(s.name().equals(signature.name()) && s.keyId() == signature.keyId())) {
                next.add(s);
            }
        }
        next.add(signature);
        return new SignedNote(body, next);
    }

    private static void checkBody(String body) {
        if (body.isEmpty() || !body.endsWith("\n")) {
            throw new IllegalArgumentException("a note body is non-empty text ending in a newline");
        }
        if (body.codePoints().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new IllegalArgumentException("a note body has no control characters but newline");
        }
    }
}
