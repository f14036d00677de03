package dev.parley.gateway.transport.sip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Whether an address is in a tenant's list of SIP sources: exact addresses or CIDR blocks, IPv4 or IPv6. Entries
 * must be literal addresses (a host name would make every INVITE wait on DNS); a malformed entry matches nothing.
 */
final class AllowedSources {

    private AllowedSources() {
    }

    static boolean allows(List<String> entries, InetAddress source) {
        for (String entry : entries) {
            if (matches(entry.strip(), source)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String entry, InetAddress source) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        if (!host.matches("[0-9a-fA-F.:]+")) {
            return false;
        }
        byte[] network;
        try {
            network = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        byte[] address = source.getAddress();
        if (network.length != address.length) {
            return false;
        }
        int bits;
        try {
            bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > network.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
