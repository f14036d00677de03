package dev.parley.e2e.stack;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of the local stack, used by ./parley: {@code up} starts the broker and the five services detached (a
 * second {@code up} adopts what is running), {@code down} stops them, {@code status} reports them (exit 3 unless all
 * are ready). The repository root comes from -Dparley.home (or PARLEY_HOME, or the working directory).
 *
 * <p>{@code up --replicas stt-service=2} (also dialogue-service, tts-service; the flag repeated or a comma list:
 * {@code --replicas stt-service=2,tts-service=2}) runs that many instances of a backend, instance k on the service's
 * port + 10·(k−1), and hands the gateway the whole list. Without the flag a service keeps the instances an earlier
 * {@code up} started; with it, it gets exactly that many (surplus instances stop, the gateway restarts with the new
 * list). {@code status} and {@code down} cover every instance.
 */
public final class StackLauncher {
    private static final String USAGE = "usage: StackLauncher up [--replicas SERVICE=N[,SERVICE=N...]]... | down | status";

    private StackLauncher() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "status" : args[0];
        Path home = StackConfig.defaultHome();
        try {
            switch (command) {
                case "up":
                    Map<Service, Integer> replicas = parseReplicas(List.of(args).subList(1, args.length));
                    StackConfig config = StackConfig.local(home).withRecordedReplicas().withReplicas(replicas);
                    LocalStack.start(config, System.out::println);
                    System.out.println("stack is up");
                    break;
                case "down":
                    requireNoOptions(args);
                    List<String> stopped = LocalStack.stopDetached(localWithoutSecrets(home), System.out::println);
                    System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + stopped);
                    break;
                case "status":
                    requireNoOptions(args);
                    if (!LocalStack.status(localWithoutSecrets(home), System.out::println)) {
                        System.exit(3);
                    }
                    break;
                default:
                    System.err.println(USAGE);
                    System.exit(2);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("parley: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (StackException | IllegalStateException e) {
            System.err.println("parley: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The instance counts {@code up}'s options ask for: {@code --replicas stt-service=2}, {@code --replicas=...},
     * repeated or comma-separated; a service by module name (stt-service) or short name (stt).
     *
     * @throws IllegalArgumentException for anything else, naming what it could not read
     */
    static Map<Service, Integer> parseReplicas(List<String> options) {
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        for (int n = 0; n < options.size(); n++) {
            String option = options.get(n);
            String value;
            if (option.equals("--replicas")) {
                if (n + 1 >= options.size()) {
                    throw new IllegalArgumentException("--replicas needs SERVICE=N");
                }
                value = options.get(++n);
            } else if (option.startsWith("--replicas=")) {
                value = option.substring("--replicas=".length());
            } else {
                throw new IllegalArgumentException("unknown option " + option);
            }
            for (String pair : value.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--replicas " + pair + ": expected SERVICE=N, e.g. stt-service=2");
                }
                Service service = serviceNamed(pair.substring(0, eq).strip());
                int count;
                try {
                    count = Integer.parseInt(pair.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--replicas " + pair + ": " + pair.substring(eq + 1)
                            + " is not a number");
                }
                if (count < 1 || count > StackConfig.MAX_REPLICAS) {
                    throw new IllegalArgumentException("--replicas " + pair + ": 1 to " + StackConfig.MAX_REPLICAS
                            + " instances");
                }
                if (count > 1 && !StackConfig.REPLICABLE.contains(service)) {
                    throw new IllegalArgumentException("--replicas " + pair + ": " + service.module()
                            + " runs once; replicas are for stt-service, dialogue-service and tts-service");
                }
                counts.put(service, count);
            }
        }
        return counts;
    }

    private static Service serviceNamed(String name) {
        for (Service s : Service.values()) {
            String shortName = s.module().replace("-service", "");
            if (name.equalsIgnoreCase(shortName)) {
                return s;
            }
        }
        return Service.named(name);
    }

    private static void requireNoOptions(String[] args) {
        if (args.length > 1) {
            throw new IllegalArgumentException("'" + args[0] + "' takes no options (it covers every instance)");
        }
    }

    /** Stopping and inspecting need ports and paths only, so they work even if the secrets file is gone. */
    private static StackConfig localWithoutSecrets(Path home) {
        try {
            return StackConfig.local(home);
        } catch (IllegalStateException noSecrets) {
            return StackConfig.local(home, Secrets.random());
        }
    }
}
