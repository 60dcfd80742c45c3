package rootzone.node.xfr;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A secondary to NOTIFY: {@code 192.0.2.1}, {@code 192.0.2.1:5300}, {@code [2001:db8::1]:5300}
 * (port 53 when none is given). Address literals only: no name lookups.
 */
public record NotifyTarget(InetSocketAddress address) {

    public static NotifyTarget parse(String text) {
        String t = text.trim();
        String host;
        int port = 53;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in NOTIFY target " + text);
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("bad NOTIFY target " + text);
                }
                port = port(t.substring(close + 2), text);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = port(t.substring(t.indexOf(':') + 1), text);
        } else {
            host = t; // IPv4, or bare IPv6 without port
        }
        InetAddress address = AddressPrefix.parse(host).network();
        return new NotifyTarget(new InetSocketAddress(address, port));
    }

    private static int port(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in NOTIFY target " + text);
        }
    }

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + "#" + address.getPort();
    }
}
