package rootzone.coordination.model;

import java.net.InetAddress;
import java.util.Set;
import org.xbill.DNS.Name;
import rootzone.coordination.model.notice.Notice;
import rootzone.coordination.model.notice.NoticeChanges;
import rootzone.events.NoticeKind;

/**
 * Whether a notice, as it stood at some point, announced a given infrastructure change. A notice
 * covers a change when its kind fits and the facts it states (key tags, server, addresses, type)
 * name the change; addresses it lists must be among those that appeared.
 */
public final class NoticeMatcher {

    public static boolean covers(Notice notice, InfrastructureChange change) {
        NoticeKind kind = notice.kind();
        return switch (change.kind()) {
            case DNSKEY_ADDED, DNSKEY_REMOVED -> kind == NoticeKind.KEY_ROLLOVER
                    && NoticeChanges.keyTags(notice.changes()).contains(change.keyTag());
            case DNSKEY_REVOKED -> kind == NoticeKind.KEY_ROLLOVER
                    && (NoticeChanges.keyTags(notice.changes()).contains(change.keyTag())
                        || NoticeChanges.keyTags(notice.changes()).contains(change.revokedTag()));
            case SERVER_ADDRESS_CHANGED -> kind == NoticeKind.SERVER_ADDRESS_CHANGE
                    && namesServer(notice, change) && addressesAppeared(notice, change);
            case ROOT_NS_ADDED, ROOT_NS_REMOVED -> (kind == NoticeKind.SERVER_ADDRESS_CHANGE || kind == NoticeKind.SERVICE_CHANGE)
                    && namesServer(notice, change);
            case APEX_TYPE_ADDED, APEX_TYPE_REMOVED -> kind == NoticeKind.RECORD_TYPE_CHANGE
                    && change.recordType().equalsIgnoreCase(notice.changes().getOrDefault(NoticeChanges.TYPE, "").strip());
        };
    }

    private static boolean namesServer(Notice notice, InfrastructureChange change) {
        Name server = NoticeChanges.server(notice.changes());
        return server != null && server.toString().equalsIgnoreCase(change.subject());
    }

    private static boolean addressesAppeared(Notice notice, InfrastructureChange change) {
        Set<InetAddress> announced = NoticeChanges.addresses(notice.changes(), NoticeChanges.NEW_ADDRESSES);
        Set<InetAddress> appeared = new java.util.HashSet<>();
        change.after().forEach(a -> appeared.add(NoticeChanges.address(a)));
        return appeared.containsAll(announced);
    }

    private NoticeMatcher() {}
}
