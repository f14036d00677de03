package dev.parley.e2e.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * Command line of the local stack, used by ./parley: {@code up} starts the broker and the five services detached (a
 * second {@code up} adopts what is running), {@code down} stops them, {@code status} reports them (exit 3 unless all
 * are ready). The repository root comes from -Dparley.home (or PARLEY_HOME, or the working directory).
 */
public final class StackLauncher {
    private StackLauncher() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "status" : args[0];
        Path home = StackConfig.defaultHome();
        try {
            switch (command) {
                case "up":
                    LocalStack.start(StackConfig.local(home), System.out::println);
                    System.out.println("stack is up");
                    break;
                case "down":
                    List<String> stopped = LocalStack.stopDetached(localWithoutSecrets(home), System.out::println);
                    System.out.println(stopped.isEmpty() ? "nothing was running" : "stopped " + stopped);
                    break;
                case "status":
                    if (!LocalStack.status(localWithoutSecrets(home), System.out::println)) {
                        System.exit(3);
                    }
                    break;
                default:
                    System.err.println("usage: StackLauncher up|down|status");
                    System.exit(2);
            }
        } catch (StackException | IllegalStateException e) {
            System.err.println("parley: " + e.getMessage());
            System.exit(1);
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
