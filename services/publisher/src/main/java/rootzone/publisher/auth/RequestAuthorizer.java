package rootzone.publisher.auth;

import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.BiFunction;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.ImportRequest;
import rootzone.coordination.model.sign.PublicationRequest;
import rootzone.coordination.model.sign.SignatureException;
import rootzone.events.RejectReason;
import rootzone.publisher.publish.Requester;

/**
 * Checks a signed publication request's headers before its body is parsed: present (else 401
 * REQUEST_UNSIGNED), signer allowed to publish the zone by the operator directory (else 403
 * NOT_AUTHORIZED), signature over the claimed zone, serial, content digest and override verifying
 * with the signer's current key (else 401 REQUEST_SIGNATURE_INVALID). The publisher then publishes
 * the body only if it is that serial with that digest (ZonePublisher).
 */
public final class RequestAuthorizer {

    /** The outcome: a verified requester, or why not. */
    public sealed interface Result {
        record Authorized(Requester.Signed requester) implements Result {}

        record ImportAuthorized(Requester.SignedImport requester) implements Result {}

        record Denied(int status, RejectReason reason, String detail, String claimed) implements Result {}
    }

    /**
     * @param publishingKey the directory's key for (identity, zone), empty when it may not publish it
     * @param signer .. signature the X-Rootzone-* header values, null when absent
     */
    public static Result check(String zone, String signer, String serial, String digest, String signature,
            String blastRadiusOverride, BiFunction<String, String, Optional<PublicKey>> publishingKey) {
        String claimed = signer == null || signer.isBlank() ? "anonymous" : signer.strip();
        if (signer == null || serial == null || digest == null || signature == null) {
            return new Result.Denied(401, RejectReason.REQUEST_UNSIGNED, "the request is not signed: send "
                    + PublicationRequest.SIGNER_HEADER + ", " + PublicationRequest.SERIAL_HEADER + ", "
                    + PublicationRequest.DIGEST_HEADER + " and " + PublicationRequest.SIGNATURE_HEADER
                    + " (rootzone publish does; docs/security.md)", claimed);
        }
        PublicationRequest request;
        byte[] sig;
        try {
            request = new PublicationRequest(zone, Long.parseLong(serial.strip()), HexFormat.of().parseHex(digest.strip()),
                    blastRadiusOverride);
            sig = PublicationRequest.signatureFromBase64(signature);
        } catch (IllegalArgumentException e) {
            return new Result.Denied(401, RejectReason.REQUEST_SIGNATURE_INVALID, "malformed signed request: "
                    + e.getMessage(), claimed);
        }
        Optional<PublicKey> key = publishingKey.apply(claimed, request.zone());
        PublicationRequest parsed = request;
        byte[] signed = sig;
        Optional<Result.Denied> denied = verify(claimed, "publish", request.zone(), key, k -> parsed.verify(signed, k));
        if (denied.isPresent()) {
            return denied.get();
        }
        return new Result.Authorized(new Requester.Signed(claimed, Ed25519Keys.keyId(key.get()), sig, request.serial(),
                request.contentDigest()));
    }

    /**
     * The same checks for a signed import request (compliance ImportRequest, its fields from the
     * request body): signed (401), by a maintainer of the zone (403), verifying with that key (401), and
     * made within the allowed skew of {@code now} (401: a re-sent old request).
     *
     * @param request null when the body did not make a request (then 401 as malformed)
     */
    public static Result checkImport(ImportRequest request, String malformed, String signer, String signature, Instant now,
            BiFunction<String, String, Optional<PublicKey>> publishingKey) {
        String claimed = signer == null || signer.isBlank() ? "anonymous" : signer.strip();
        if (signer == null || signature == null) {
            return new Result.Denied(401, RejectReason.REQUEST_UNSIGNED, "the import request is not signed: send "
                    + PublicationRequest.SIGNER_HEADER + " and " + PublicationRequest.SIGNATURE_HEADER
                    + " (rootzone history import does; docs/security.md)", claimed);
        }
        byte[] sig;
        try {
            if (request == null) {
                throw new IllegalArgumentException(malformed);
            }
            sig = PublicationRequest.signatureFromBase64(signature);
        } catch (IllegalArgumentException e) {
            return new Result.Denied(401, RejectReason.REQUEST_SIGNATURE_INVALID, "malformed import request: " + e.getMessage(), claimed);
        }
        Optional<PublicKey> key = publishingKey.apply(claimed, request.zone());
        byte[] signed = sig;
        Optional<Result.Denied> denied = verify(claimed, "import into", request.zone(), key, k -> request.verify(signed, k));
        if (denied.isPresent()) {
            return denied.get();
        }
        Optional<String> stale = request.staleAt(now);
        if (stale.isPresent()) {
            return new Result.Denied(401, RejectReason.REQUEST_SIGNATURE_INVALID, stale.get(), claimed);
        }
        return new Result.ImportAuthorized(new Requester.SignedImport(claimed, Ed25519Keys.keyId(key.get())));
    }

    /**
     * The two checks every signed request gets once it parsed: its signer is a maintainer of the zone
     * in the operator directory (else 403), and the signature verifies with that maintainer's key (else 401).
     */
    private static Optional<Result.Denied> verify(String claimed, String action, String zone, Optional<PublicKey> key,
            java.util.function.Consumer<PublicKey> verifySignature) {
        if (key.isEmpty()) {
            return Optional.of(new Result.Denied(403, RejectReason.NOT_AUTHORIZED, claimed + " may not " + action + " zone " + zone
                    + ": the operator directory (from its trust anchor) names no such maintainer of that zone", claimed));
        }
        try {
            verifySignature.accept(key.get());
            return Optional.empty();
        } catch (SignatureException e) {
            return Optional.of(new Result.Denied(401, RejectReason.REQUEST_SIGNATURE_INVALID, e.getMessage() + " (checked with "
                    + claimed + "'s key " + Ed25519Keys.keyId(key.get()) + ")", claimed));
        }
    }

    private RequestAuthorizer() {}
}
