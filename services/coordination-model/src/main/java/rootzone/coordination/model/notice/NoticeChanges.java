package rootzone.coordination.model.notice;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The keys of NoticeEvent.changes that the compliance report understands, and their parsing. Values
 * are lists separated by commas: keyTags=20326,38696; server=b.root-servers.net;
 * newAddresses=170.247.170.2,2801:1b8:10::b; type=ZONEMD.
 */
public final class NoticeChanges {

    public static final String KEY_TAGS = "keyTags";
    public static final String SERVER = "server";
    public static final String OLD_ADDRESSES = "oldAddresses";
    public static final String NEW_ADDRESSES = "newAddresses";
    public static final String TYPE = "type";

    /** @throws IllegalArgumentException when a tag is not 0..65535 */
    public static Set<Integer> keyTags(Map<String, String> changes) {
        Set<Integer> tags = new TreeSet<>();
        for (String t : split(changes.get(KEY_TAGS))) {
            int tag;
            try {
                tag = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("key tag '" + t + "' is not a number");
            }
            if (tag < 0 || tag > 65535) {
                throw new IllegalArgumentException("key tag " + tag + " is not 0..65535");
            }
            tags.add(tag);
        }
        return tags;
    }

    /** The named server as an absolute name, or null when none is named. */
    public static Name server(Map<String, String> changes) {
        String s = changes.get(SERVER);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Name.fromString(s.strip(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("server '" + s + "' is not a domain name: " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when an entry is not an IPv4 or IPv6 address literal */
    public static Set<InetAddress> addresses(Map<String, String> changes, String key) {
        Set<InetAddress> out = new java.util.LinkedHashSet<>();
        for (String a : split(changes.get(key))) {
            try {
                out.add(address(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** An IPv4 or IPv6 literal, never resolved (no DNS lookup). */
    public static InetAddress address(String literal) {
        int family = Address.isDottedQuad(literal) ? Address.IPv4 : Address.IPv6;
        byte[] bytes = Address.toByteArray(literal, family);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private NoticeChanges() {}
}
