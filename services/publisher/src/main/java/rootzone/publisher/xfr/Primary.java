package rootzone.publisher.xfr;

import rootzone.zone.TsigKey;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The primary a zone is transferred from, and the only source whose NOTIFY is accepted for it.
 *
 * @param address where to send SOA probes and transfer requests (TCP) and whom to accept NOTIFY from
 * @param tsig the key transfers are signed with and NOTIFY must be signed with, if configured
 */
public record Primary(InetSocketAddress address, Optional<TsigKey> tsig) {

    public Primary {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tsig, "tsig");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("primary address must be an IP address, not " + address.getHostString());
        }
    }
}
