package dev.parley.e2e.failover;

import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.clinic.DemoClinic;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every cell of the failover matrix: kill -9 of stt-service, then dialogue-service, then tts-service, each while the
 * caller speaks, while the brain answers, while the reply plays and while a tool runs, then each one hung (SIGSTOP)
 * — one call per cell on a test stack of its own with two instances of each backend (the struck one started again
 * after each call). Prints each
 * cell's checks and a table; exits 1 if any cell failed. {@code ./mvnw verify} runs a part of it (FailoverIT).
 *
 * <pre>
 * java -Dparley.home=$PWD -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' \
 *     dev.parley.e2e.failover.FailoverMatrixBenchmark [--voice rms] [--hangs-only]
 * </pre>
 */
public final class FailoverMatrixBenchmark {
    public static void main(String[] args) throws Exception {
        String voice = "rms";
        boolean hangsOnly = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--voice")) {
                voice = args[++i];
            } else if (args[i].equals("--hangs-only")) {
                hangsOnly = true;
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = StackConfig.defaultHome();
        StackConfig config = StackConfig.forTest(home, home.resolve("e2e/target/failover-matrix"))
                .withReplicas(Map.of(Service.STT, 2, Service.DIALOGUE, 2, Service.TTS, 2));
        List<KillMatrix.Cell> cells = new ArrayList<>();
        try (DemoClinic clinic = DemoClinic.start(0, config.secrets().brightsmileToolSecret(), Duration.ofSeconds(2),
                line -> System.out.println("[clinic] " + line));
             LocalStack stack = LocalStack.start(config.withClinic(clinic.bookingUrl()),
                     line -> System.out.println("[stack] " + line));
             Faults faults = new Faults(stack);
             TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir())) {
            KillMatrix matrix = new KillMatrix(stack, faults, transcriber, clinic, new CallerVoice(voice));
            matrix.baselines(true);
            for (Service victim : hangsOnly ? List.<Service>of() : List.of(Service.STT, Service.DIALOGUE, Service.TTS)) {
                for (KillMatrix.Moment moment : KillMatrix.Moment.values()) {
                    cells.add(matrix.kill(victim, moment));
                }
            }
            // A hung instance (SIGSTOP: it keeps its connections and answers nothing) at the moment it matters most.
            cells.add(matrix.strike(Faults.Fault.FREEZE, Service.STT, KillMatrix.Moment.SPEAKS));
            cells.add(matrix.strike(Faults.Fault.FREEZE, Service.DIALOGUE, KillMatrix.Moment.GENERATES));
            cells.add(matrix.strike(Faults.Fault.FREEZE, Service.TTS, KillMatrix.Moment.PLAYS));
        }
        System.out.println();
        System.out.println("| fault | when | call completed its script | gateway saw fail + recover "
                + "| slowest reply at the ear | whole call | checks |");
        System.out.println("|---|---|---|---|---|---|---|");
        cells.forEach(c -> System.out.println(c.row()));
        long passed = cells.stream().filter(KillMatrix.Cell::passed).count();
        System.out.printf("%d of %d cells passed%n", passed, cells.size());
        System.exit(passed == cells.size() ? 0 : 1);
    }
}
