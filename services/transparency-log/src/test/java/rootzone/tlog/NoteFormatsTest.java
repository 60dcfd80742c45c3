package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.Cosignature;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSignature;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.ProofBundle;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.note.WitnessPolicy;

/** signed-note, tlog-checkpoint, tlog-cosignature, tlog-policy and tlog-proof: formats, verification and what they refuse. */
class NoteFormatsTest {

    private static final String BODY = "rootzone.test/log/root\n5\n" + java.util.Base64.getEncoder().encodeToString(Hashes.leaf(new byte[0])) + "\n";

    @Test
    void keysRoundTripThroughTheirTextForms() {
        NoteSigner s = NoteSigner.generate("rootzone.test/log/root", NoteKeys.ED25519);
        NoteSigner again = NoteSigner.parse(s.text());
        assertEquals(s.verifierKey(), again.verifierKey());
        assertTrue(s.text().startsWith("PRIVATE+KEY+rootzone.test/log/root+"));
        VerifierKey v = VerifierKey.parse(s.verifierKey().text());
        assertEquals(s.verifierKey().keyId(), v.keyId());
        assertTrue(v.text().matches("rootzone\\.test/log/root\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}"));
        assertEquals(0x01, java.util.Base64.getDecoder().decode(v.text().split("\\+", 3)[2])[0]);
        // RFC 8032 §7.1 test 1: the seed's public key
        NoteSigner rfc = NoteSigner.of("t", NoteKeys.ED25519, HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HexFormat.of().formatHex(rfc.verifierKey().publicKey()));

        String text = v.text();
        String wrongId = text.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse(wrongId));
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse("name+0011"));
        assertThrows(IllegalArgumentException.class, () -> VerifierKey.parse("na me+00112233+AQ=="));
        assertThrows(IllegalArgumentException.class, () -> new VerifierKey("x", 0x02, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> new VerifierKey("a+b", 0x01, v.publicKey()));
    }

    @Test
    void notesVerifyOnlyUnchangedAndByTheirKey() {
        NoteSigner s = NoteSigner.generate("rootzone.test/log/root", NoteKeys.ED25519);
        SignedNote n = SignedNote.sign(BODY, s);
        String text = n.text();
        assertTrue(text.startsWith(BODY + "\n\u2014 rootzone.test/log/root "), text);
        SignedNote parsed = SignedNote.parse(text);
        assertEquals(BODY, parsed.body());
        assertTrue(parsed.verifiedBy(s.verifierKey()));
        assertFalse(parsed.verifiedBy(NoteSigner.generate("rootzone.test/log/root", NoteKeys.ED25519).verifierKey()));
        assertFalse(new SignedNote(BODY.replace("\n5\n", "\n6\n"), parsed.signatures()).verifiedBy(s.verifierKey()));
        for (String bad : List.of(BODY, BODY + "\n", BODY + "\n- x AAAAAAA=\n", BODY + "\n\u2014 x AAAA\n", "a\u0007\n\n" + n.signatures().get(0).line(),
                BODY + "\n" + n.signatures().get(0).line().strip())) {
            assertThrows(IllegalArgumentException.class, () -> SignedNote.parse(bad), bad);
        }
        // another signature is appended, one by the same key replaced
        NoteSigner other = NoteSigner.generate("other", NoteKeys.ED25519);
        SignedNote two = parsed.with(other.sign(BODY)).with(s.sign(BODY));
        assertEquals(2, two.signatures().size());
        assertTrue(two.verifiedBy(s.verifierKey()) && two.verifiedBy(other.verifierKey()));
    }

    @Test
    void checkpointsParseStrictly() {
        Checkpoint cp = Checkpoint.parse(BODY);
        assertEquals(5, cp.size());
        assertEquals(BODY, cp.body());
        Checkpoint ext = Checkpoint.parse(BODY + "serial 2023110400\n");
        assertEquals(List.of("serial 2023110400"), ext.extensions());
        assertTrue(ext.sameTree(cp));
        for (String bad : List.of("o\n05\n" + BODY.split("\n")[2] + "\n", "o\n5\n", "o\n5\nAAAA\n", "o\n-1\n" + BODY.split("\n")[2] + "\n",
                BODY.strip(), "\n5\n" + BODY.split("\n")[2] + "\n")) {
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.parse(bad), bad);
        }
    }

    @Test
    void cosignaturesCoverTimeAndBody() {
        NoteSigner w = NoteSigner.generate("w1.rootzone.test", NoteKeys.COSIGNATURE_V1);
        NoteSignature sig = w.cosign(BODY, 1_700_000_000L);
        assertEquals(4 + 8 + 64, java.util.Base64.getDecoder().decode(sig.line().strip().split(" ")[2]).length);
        Cosignature c = Cosignature.from(sig).orElseThrow();
        assertEquals(1_700_000_000L, c.timestamp());
        assertTrue(w.verifierKey().verifies(BODY, sig));
        assertFalse(w.verifierKey().verifies(BODY + "x\n", sig));
        Cosignature later = new Cosignature(c.name(), c.keyId(), c.timestamp() + 1, c.ed25519());
        assertFalse(w.verifierKey().verifies(BODY, later.toNoteSignature()));
        // the message of tlog-cosignature §"Ed25519 signed message"
        assertArrayEquals(("cosignature/v1\ntime 1700000000\n" + BODY).getBytes(), Cosignature.message(1_700_000_000L, BODY));
        // a note key cannot cosign, a cosigner key cannot sign notes; the same key under type 0x01 is another key ID
        assertThrows(IllegalStateException.class, () -> w.sign(BODY));
        assertThrows(IllegalStateException.class, () -> NoteSigner.generate("x", NoteKeys.ED25519).cosign(BODY, 1));
        assertTrue(w.verifierKey().keyId() != new VerifierKey(w.name(), NoteKeys.ED25519, w.verifierKey().publicKey()).keyId());
    }

    @Test
    void policiesEvaluateGroupsAndThresholds() {
        NoteSigner log = NoteSigner.generate("rootzone.test/log/root", NoteKeys.ED25519);
        NoteSigner[] x = new NoteSigner[3];
        NoteSigner[] y = new NoteSigner[3];
        StringBuilder p = new StringBuilder("# rootzone nodes\nlog " + log.verifierKey() + " https://auditor.test/log/root/\n\n");
        for (int i = 0; i < 3; i++) {
            x[i] = NoteSigner.generate("x" + i + ".test", NoteKeys.COSIGNATURE_V1);
            y[i] = NoteSigner.generate("y" + i + ".test", NoteKeys.COSIGNATURE_V1);
            p.append("witness X").append(i).append(' ').append(x[i].verifierKey()).append('\n');
            p.append("  witness\tY").append(i).append(' ').append(y[i].verifierKey()).append("  \n");
        }
        p.append("group X 2 X0 X1 X2\ngroup Y any Y0 Y1 Y2\ngroup XY all X Y\nquorum XY\n");
        WitnessPolicy policy = WitnessPolicy.parse(p.toString());
        SignedNote signed = SignedNote.sign(BODY, log);

        assertInstanceOf(WitnessPolicy.Verdict.Rejected.class, policy.check(signed));
        SignedNote twoX = signed.with(x[0].cosign(BODY, 1)).with(x[2].cosign(BODY, 1));
        assertInstanceOf(WitnessPolicy.Verdict.Rejected.class, policy.check(twoX));
        SignedNote enough = twoX.with(y[1].cosign(BODY, 1));
        WitnessPolicy.Verdict ok = policy.check(enough);
        assertEquals(Set.of("X0", "X2", "Y1"), assertInstanceOf(WitnessPolicy.Verdict.Accepted.class, ok).witnesses());
        // a cosignature over another body does not count
        SignedNote forged = signed.with(x[0].cosign(BODY, 1)).with(x[2].cosign(BODY + "x\n", 1)).with(y[1].cosign(BODY, 1));
        assertInstanceOf(WitnessPolicy.Verdict.Rejected.class, policy.check(forged));
        // not the log's signature
        SignedNote byOther = SignedNote.sign(BODY, NoteSigner.generate("rootzone.test/log/root", NoteKeys.ED25519)).with(x[0].cosign(BODY, 1));
        assertInstanceOf(WitnessPolicy.Verdict.Rejected.class, policy.check(byOther));

        WitnessPolicy none = WitnessPolicy.parse("log " + log.verifierKey() + "\nquorum none\n");
        assertInstanceOf(WitnessPolicy.Verdict.Accepted.class, none.check(signed));

        String w = x[0].verifierKey().text();
        String l = log.verifierKey().text();
        for (String bad : List.of("log " + l + "\n", "quorum none\nquorum none\n", "witness a " + w + "\nwitness b " + w + "\nquorum a\n",
                "witness a " + w + "\ngroup g 1 b\nquorum g\n", "witness a " + w + "\ngroup g 2 a\nquorum g\n",
                "witness a " + w + "\ngroup g any a\ngroup h any a\nquorum g\n", "log " + w + "\nquorum none\n",
                "witness a " + l + "\nquorum a\n", "witness none " + w + "\nquorum none\n", "quorum a\nwitness a " + w + "\n",
                "witness a " + w + "\nquorum a\nfrobnicate\n", "witness a " + w + "\ngroup g 0 a\nquorum g\n", "quorum none\n\u0001\n")) {
            assertThrows(IllegalArgumentException.class, () -> WitnessPolicy.parse(bad), bad);
        }
    }

    @Test
    void proofBundlesRoundTripAndVerifyOffline() throws Exception {
        LogFixture f = new LogFixture(new rootzone.tlog.tile.MemoryTileStore());
        String note = f.growTo(300);
        NoteSigner w = NoteSigner.generate("w.test", NoteKeys.COSIGNATURE_V1);
        note = SignedNote.parse(note).with(w.cosign(SignedNote.parse(note).body(), 5)).text();
        ProofBundle b = new ProofBundle(Optional.of(f.entries.get(7)), 7, f.log.inclusionProof(7, 300), note);
        String text = b.text();
        assertTrue(text.startsWith("c2sp.org/tlog-proof@v1\nextra "), text);
        assertTrue(text.contains("\nindex 7\n"));
        assertTrue(text.endsWith("\n\n" + note));
        ProofBundle parsed = ProofBundle.parse(text);
        assertEquals(7, parsed.index());
        assertArrayEquals(f.entries.get(7), parsed.extra().orElseThrow());
        assertEquals(text, parsed.text());
        ProofBundle bare = new ProofBundle(Optional.empty(), 7, f.log.inclusionProof(7, 300), note);
        assertEquals(bare.text(), ProofBundle.parse(bare.text()).text());

        WitnessPolicy policy = WitnessPolicy.parse("log " + f.logKey.verifierKey() + "\nwitness w " + w.verifierKey() + "\nquorum w\n");
        assertInstanceOf(ProofBundle.Result.Proven.class, parsed.verify(f.entries.get(7), policy));
        assertInstanceOf(ProofBundle.Result.NotProven.class, parsed.verify(f.entries.get(8), policy));
        WitnessPolicy stricter = WitnessPolicy.parse("log " + f.logKey.verifierKey() + "\nwitness v "
                + NoteSigner.generate("v.test", NoteKeys.COSIGNATURE_V1).verifierKey() + "\nquorum v\n");
        assertInstanceOf(ProofBundle.Result.NotProven.class, parsed.verify(f.entries.get(7), stricter));
        assertThrows(IllegalArgumentException.class, () -> ProofBundle.parse(text.replace("index 7", "index 07")));
        assertThrows(IllegalArgumentException.class, () -> ProofBundle.parse(text.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2")));
    }
}
