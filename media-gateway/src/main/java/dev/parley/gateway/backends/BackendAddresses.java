package dev.parley.gateway.backends;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A backend's instances as configured: {@code host:port} entries separated by commas. Each host name may stand for
 * many instances (a Kubernetes headless Service resolves to every ready pod), so the list is resolved again and again.
 */
public record BackendAddresses(String backend, List<HostPort> entries) {

    public record HostPort(String host, int port) {
    }

    public BackendAddresses {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no address given for backend " + backend);
        }
        entries = List.copyOf(entries);
    }

    /** Parses {@code "stt-service:8081"} or {@code "localhost:8081,localhost:8091"}. */
    public static BackendAddresses parse(String backend, String list) {
        List<HostPort> entries = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.lastIndexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("backend " + backend + ": '" + e + "' is not host:port");
            }
            try {
                entries.add(new HostPort(e.substring(0, colon), Integer.parseInt(e.substring(colon + 1))));
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("backend " + backend + ": '" + e + "' has no numeric port");
            }
        }
        return new BackendAddresses(backend, entries);
    }

    /** Every address the entries resolve to now; a name that does not resolve is skipped (others may). */
    public List<InetSocketAddress> resolve() throws UnknownHostException {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        UnknownHostException last = null;
        for (HostPort e : entries) {
            try {
                for (InetAddress a : InetAddress.getAllByName(e.host())) {
                    out.add(new InetSocketAddress(a, e.port()));
                }
            } catch (UnknownHostException unknown) {
                last = unknown;
            }
        }
        if (out.isEmpty() && last != null) {
            throw last;
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.host()).append(':').append(e.port()));
        return sb.toString();
    }
}
