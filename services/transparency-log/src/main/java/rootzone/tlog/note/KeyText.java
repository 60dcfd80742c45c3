package rootzone.tlog.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text both key forms share, {@code <name>+<8 hex key ID>+<base64(type || 32 key bytes)>}: the
 * verifier key as it is, the signer key after "PRIVATE+KEY+". The name holds no '+', the base64 may.
 */
record KeyText(String name, int keyId, int type, byte[] key) {

    static KeyText parse(String text, String what) {
        String[] parts = text.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("a " + what + " is <name>+<8 hex digits>+<base64>");
        }
        byte[] material;
        int id;
        try {
            material = Base64.getDecoder().decode(parts[2]);
            id = (int) Long.parseLong(parts[1], 16);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " with bad hex or base64", e);
        }
        if (material.length != 33) {
            throw new IllegalArgumentException(what + " material is a type byte and 32 key bytes, not " + material.length + " bytes");
        }
        return new KeyText(parts[0], id, material[0] & 0xFF, Arrays.copyOfRange(material, 1, 33));
    }

    /** @throws IllegalArgumentException when the key ID in the text is not the one of the key */
    void requireKeyId(int actual, String what) {
        if (actual != keyId) {
            throw new IllegalArgumentException(what + " " + name + ": key ID " + HexFormat.of().toHexDigits(keyId) + " does not match its key");
        }
    }

    String text() {
        byte[] material = new byte[33];
        material[0] = (byte) type;
        System.arraycopy(key, 0, material, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(material);
    }
}
