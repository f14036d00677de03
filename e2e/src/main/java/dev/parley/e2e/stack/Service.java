package dev.parley.e2e.stack;

import java.util.List;

/** The five Parley services as the local stack runs them: module folder and default HTTP (and gRPC) port. */
public enum Service {
    STT("stt-service", 8081),
    DIALOGUE("dialogue-service", 8082),
    TTS("tts-service", 8083),
    ANALYTICS("analytics", 8084),
    // Last: it is the only caller of the others, and the first thing a phone call reaches.
    GATEWAY("media-gateway", 8080);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The service named by its module ({@code stt-service}) or its constant ({@code STT}), in any case. */
    public static Service named(String name) {
        for (Service s : values()) {
            if (s.module.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service named '" + name + "'; services: "
                + java.util.Arrays.stream(values()).map(Service::module).toList());
    }

    /** Start order; stop in reverse so the gateway stops taking calls first. */
    public static List<Service> startOrder() {
        return List.of(values());
    }
}
