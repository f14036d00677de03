package dev.parley.e2e.stack;

/**
 * One running copy of a service in the local stack: {@code index} 1 is the service itself (log
 * {@code stt-service.log}, pid file {@code stt-service.pid}), 2 and up are its replicas ({@code stt-service-2.log},
 * {@code stt-service-2.pid}). Only stt-service, dialogue-service and tts-service have replicas
 * ({@link StackConfig#REPLICABLE}).
 */
public record Instance(Service service, int index) {
    public Instance {
        if (service == null) {
            throw new IllegalArgumentException("no service");
        }
        if (index < 1) {
            throw new IllegalArgumentException("instances count from 1, not " + index);
        }
    }

    /** The name its log, pid file and outbox go by: {@code stt-service} for the first, {@code stt-service-2} after. */
    public String name() {
        return index == 1 ? service.module() : service.module() + "-" + index;
    }

    @Override
    public String toString() {
        return name();
    }
}
