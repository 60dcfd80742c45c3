package rootzone.node.witness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import rootzone.tlog.GoVerifier;

/**
 * Checks cosignatures with Go's crypto/ed25519 through transparency-log's Go verifier (its test-jar's
 * tlogcheck, "cosig" cases: the key ID and the tlog-cosignature/v1 message computed by Go); skipped,
 * saying so, without Go.
 */
public final class GoCosignatures {

    /** @param cases each {expected "ok"|"fail", witness vkey, checkpoint body, base64 signature} */
    public static void assertVerified(Path dir, List<String[]> cases) throws Exception {
        GoVerifier.assumeAvailable();
        GoVerifier.Cases go = new GoVerifier.Cases(dir);
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            // The body with the one cosignature line, as a witness's signature stands in a checkpoint note.
            String name = c[1].substring(0, c[1].indexOf('+'));
            String note = go.file("note-" + i, c[2] + "\n\u2014 " + name + " " + c[3] + "\n");
            go.add("cosig", c[0].equals("ok"), note, go.file("vkey-" + i, c[1] + "\n"));
        }
        String out = GoVerifier.run(go);
        assertTrue(out.startsWith("exit 0\n") && out.contains("checked " + cases.size() + " cases, 0 mismatches"), "Go's verdict: " + out);
    }

    private GoCosignatures() {}
}
