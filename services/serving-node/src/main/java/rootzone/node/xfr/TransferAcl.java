package rootzone.node.xfr;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import rootzone.zone.TsigKey;

/**
 * Who may transfer the zone: a client address inside one of the prefixes, and, when a key is set,
 * a query signed with it. An empty prefix list allows nobody: transfers are opt-in.
 */
public record TransferAcl(List<AddressPrefix> allowed, Optional<TsigKey> key) {

    public TransferAcl {
        allowed = List.copyOf(allowed);
    }

    public static TransferAcl nobody() {
        return new TransferAcl(List.of(), Optional.empty());
    }

    public boolean allows(InetAddress client) {
        for (AddressPrefix p : allowed) {
            if (p.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
