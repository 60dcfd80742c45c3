package rootzone.node.dns;

import rootzone.zone.TsigKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * TSIG (RFC 8945) on ordinary queries: verifies a signed query with the keys the node has and makes
 * the response's TSIG record: signed when the query verified (§5.3) and for BADTIME (§5.2.3), else
 * unsigned with the error (§5.2.1 BADKEY, §5.2.2 BADSIG). Only the bytes of the TSIG record are made
 * here; the message around it is the QueryProcessor's. Signed queries take a slow path (dnsjava
 * parses them); unsigned ones never reach this class. Thread-safe: a new Mac per operation.
 */
public final class QueryTsig {

    private static final Duration FUDGE = Duration.ofSeconds(300);
    /**
     * Room kept for the response's MAC: NSD reserves the largest digest it supports (EVP_MAX_MD_SIZE)
     * whatever the key's algorithm, so answers are cut at the same place as NSD's.
     */
    private static final int RESERVED_MAC = 64;

    private final Map<Name, Signer> keys = new HashMap<>();
    private final Clock clock;

    private record Signer(TSIG verifier, SecretKeySpec secret) {
        Mac mac() {
            try {
                Mac mac = Mac.getInstance(secret.getAlgorithm());
                mac.init(secret);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC " + secret.getAlgorithm() + " unavailable", e);
            }
        }
    }

    /** The result of checking a query's TSIG: error is a TSIG error code, or NOERROR when it verified. */
    static final class Verification {
        final int id;
        final TSIGRecord record;
        final Signer signer;
        final int error;

        private Verification(int id, TSIGRecord record, Signer signer, int error) {
            this.id = id;
            this.record = record;
            this.signer = signer;
            this.error = error;
        }
    }

    /**
     * @param keys  the keys the node has; a query naming one with another algorithm gets BADKEY
     *              (RFC 8945 §5.2.1)
     * @param clock the time to check the query's time signed against and to sign with
     */
    public QueryTsig(List<TsigKey> keys, Clock clock) {
        for (TsigKey k : keys) {
            String hmac = TSIG.nameToAlgorithm(k.algorithm()); // throws for unknown algorithms
            SecretKeySpec secret = new SecretKeySpec(Base64.getDecoder().decode(k.secret()), hmac);
            Signer signer = new Signer(new TSIG(k.algorithm(), k.name(), secret, clock), secret);
            signer.mac(); // fails now, not on the first query, if the JDK lacks the HMAC
            this.keys.put(k.name(), signer);
        }
        this.clock = clock;
    }

    /** No keys: every signed query gets BADKEY. */
    public static QueryTsig none() {
        return new QueryTsig(List.of(), Clock.systemUTC());
    }

    /**
     * Checks the TSIG closing {@code query}, in RFC 8945 §5.2 order: key, MAC, time. Returns null
     * when the message does not parse as a signed DNS message (the caller answers FORMERR, §5.2).
     */
    Verification verify(byte[] query, int length) {
        byte[] wire = Arrays.copyOf(query, length);
        Message m;
        TSIGRecord record;
        try {
            m = new Message(wire);
            record = m.getTSIG();
        } catch (IOException | RuntimeException e) {
            return null; // e.g. a MAC SIZE beyond the RDATA, an algorithm name that does not parse
        }
        if (record == null) {
            return null;
        }
        int id = m.getHeader().getID();
        Signer signer = keys.get(record.getName());
        if (signer == null) {
            return new Verification(id, record, null, Rcode.BADKEY);
        }
        // The MAC covers the message with its original ID (RFC 8945 §4.3.2); dnsjava hashes the
        // header as parsed, so put the original ID there.
        m.getHeader().setID(record.getOriginalID());
        int error;
        try {
            error = signer.verifier().verify(m, wire, null);
        } catch (RuntimeException e) {
            error = Rcode.BADSIG; // a MAC the HMAC cannot take did not verify
        }
        return error == Rcode.FORMERR ? null : new Verification(id, record, signer, error);
    }

    /** Bytes the response's TSIG may take, kept free when the answer is fitted to the client's limit. */
    int reserve(Verification v) {
        return v.record.getName().length() + 10 + v.record.getAlgorithm().length() + 16 + RESERVED_MAC
                + (v.error == Rcode.BADTIME ? 6 : 0);
    }

    /** The TSIG record for the response in {@code out[0..n)}, in wire form. */
    byte[] responseRecord(Verification v, byte[] out, int n) {
        Instant now = clock.instant();
        TSIGRecord r;
        if (v.error == Rcode.NOERROR) {
            r = signed(v, out, n, now, null);
        } else if (v.error == Rcode.BADTIME) {
            // the client's time signed, so it can check the MAC; the server's time as other data
            r = signed(v, out, n, v.record.getTimeSigned(), time48(now));
        } else {
            // unsigned, under the query's key name and algorithm: the client learns which key failed
            r = new TSIGRecord(v.record.getName(), DClass.ANY, 0, v.record.getAlgorithm(), now, FUDGE, new byte[0], v.id,
                    v.error, null);
        }
        return r.toWire(Section.ADDITIONAL);
    }

    /**
     * A response TSIG (RFC 8945 §4.3): HMAC over the request's MAC (length-prefixed), the response,
     * and the TSIG variables, other data included.
     */
    private TSIGRecord signed(Verification v, byte[] out, int n, Instant timeSigned, byte[] other) {
        Mac mac = v.signer.mac();
        byte[] requestMac = v.record.getSignature();
        mac.update(new byte[] {(byte) (requestMac.length >> 8), (byte) requestMac.length});
        mac.update(requestMac);
        mac.update(out, 0, n);
        Name name = v.record.getName();
        Name alg = v.record.getAlgorithm();
        DNSOutput vars = new DNSOutput();
        name.toWireCanonical(vars);
        vars.writeU16(DClass.ANY);
        vars.writeU32(0);
        alg.toWireCanonical(vars);
        vars.writeByteArray(time48(timeSigned));
        vars.writeU16((int) FUDGE.getSeconds());
        vars.writeU16(v.error);
        vars.writeU16(other == null ? 0 : other.length);
        if (other != null) {
            vars.writeByteArray(other);
        }
        byte[] signature = mac.doFinal(vars.toByteArray());
        return new TSIGRecord(name, DClass.ANY, 0, alg, timeSigned, FUDGE, signature, v.id, v.error, other);
    }

    private static byte[] time48(Instant t) {
        long s = t.getEpochSecond();
        DNSOutput o = new DNSOutput(6);
        o.writeU16((int) (s >>> 32));
        o.writeU32(s & 0xffffffffL);
        return o.toByteArray();
    }
}
