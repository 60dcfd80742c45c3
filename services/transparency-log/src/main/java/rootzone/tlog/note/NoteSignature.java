package rootzone.tlog.note;

import java.util.Base64;

/** One signature line of a signed note: {@code — <name> <base64(keyID || signature)>}. */
public record NoteSignature(String name, int keyId, byte[] signature) {

    public static final String PREFIX = "\u2014 ";

    public NoteSignature {
        if (!NoteKeys.validName(name)) {
            throw new IllegalArgumentException("not a valid signature name: '" + name + "'");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line, newline included. */
    public String line() {
        byte[] b = new byte[4 + signature.length];
        b[0] = (byte) (keyId >>> 24);
        b[1] = (byte) (keyId >>> 16);
        b[2] = (byte) (keyId >>> 8);
        b[3] = (byte) keyId;
        System.arraycopy(signature, 0, b, 4, signature.length);
        return PREFIX + name + " " + Base64.getEncoder().encodeToString(b) + "\n";
    }

    /** Parses one line without its newline. */
    static NoteSignature parseLine(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("signature line does not start with an em dash and a space: " + line);
        }
        String rest = line.substring(PREFIX.length());
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("signature line without name and signature: " + line);
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64: " + line, e);
        }
        if (b.length < 5) {
            throw new IllegalArgumentException("signature shorter than a key ID and one byte: " + line);
        }
        int id = (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
        byte[] sig = new byte[b.length - 4];
        System.arraycopy(b, 4, sig, 0, sig.length);
        return new NoteSignature(rest.substring(0, space), id, sig);
    }
}
