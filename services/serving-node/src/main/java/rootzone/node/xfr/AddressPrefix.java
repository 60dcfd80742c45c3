package rootzone.node.xfr;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as 127.0.0.0/8 or ::1/128 (a bare address is a /32 or /128). Parsed from
 * literals only: a host name here would need a DNS lookup at start-up.
 */
public record AddressPrefix(InetAddress network, int length) {

    public AddressPrefix {
        int max = network.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0.." + max + " for " + network.getHostAddress());
        }
    }

    public static AddressPrefix parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an IP address literal: " + text);
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(addr); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        int max = network.getAddress().length * 8;
        int length;
        try {
            length = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + text, e);
        }
        return new AddressPrefix(network, length);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (n[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + length;
    }
}
