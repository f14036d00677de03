package dev.parley.e2e.bench.load;

import dev.parley.e2e.bench.Percentiles;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Instance;
import dev.parley.e2e.stack.LocalStack;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A rolling restart of every backend while calls run, as Kubernetes rolls each Deployment: a test stack of its own
 * with two instances of stt, dialogue and tts; waves of {@code --calls} acme sample calls at once, placed until every
 * instance has been restarted in turn (SIGTERM, drain, exit, start, ready). Prints the restarts' timings, then calls
 * placed, completed, every check passed (replies transcribed and checked after the run) and dropped, and the reply
 * latency at the phone.
 *
 * <pre>
 * java -Dparley.home=$PWD -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' \
 *     dev.parley.e2e.bench.load.RollingRestartBenchmark [--calls 6] [--voices rms,kal16]
 * </pre>
 */
public final class RollingRestartBenchmark {
    private static final List<Service> ROLLED = List.of(Service.STT, Service.DIALOGUE, Service.TTS);

    public static void main(String[] args) throws Exception {
        int calls = 6;
        List<String> voiceNames = List.of("rms", "kal16");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--voices" -> voiceNames = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<CallerVoice> voices = voiceNames.stream().map(CallerVoice::new).toList();
        Path home = StackConfig.defaultHome();
        StackConfig config = StackConfig.forTest(home, home.resolve("e2e/target/rolling-restart"))
                .withReplicas(Map.of(Service.STT, 2, Service.DIALOGUE, 2, Service.TTS, 2));
        try (LocalStack stack = LocalStack.start(config, line -> System.out.println("[stack] " + line))) {
            run(stack, calls, voices);
        }
    }

    private static void run(LocalStack stack, int n, List<CallerVoice> voices) throws Exception {
        StackConfig c = stack.config();
        List<String> restarts = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> rolling = CompletableFuture.runAsync(() -> {
            sleep(8_000); // the first wave is in its calls
            for (Service backend : ROLLED) {
                for (Instance i : c.instances(backend)) {
                    long t0 = System.nanoTime();
                    stack.terminate(backend, i.index());
                    if (!stack.awaitExit(backend, i.index(), Duration.ofSeconds(90))) {
                        throw new IllegalStateException(i + " did not exit within 90 s of SIGTERM");
                    }
                    long exited = System.nanoTime();
                    stack.startInstance(backend, i.index());
                    restarts.add(String.format(Locale.ROOT, "%s: exited %d ms after SIGTERM, ready %d ms later", i,
                            (exited - t0) / 1_000_000, (System.nanoTime() - exited) / 1_000_000));
                    System.out.println("[rolling] " + restarts.get(restarts.size() - 1));
                }
            }
        });
        List<ScriptedCall> all = new ArrayList<>();
        int wave = 0;
        while (!rolling.isDone() || wave == 0) {
            int first = all.size();
            all.addAll(Concurrent.calls(n, 250, i -> ScriptedCall.run(first + i, c.gatewayMediaUri(),
                    c.secrets().twilioAuthToken(), voices.get((first + i) % voices.size()), ScriptedCall.SAMPLE)));
            wave++;
            System.out.printf("[rolling] wave %d done: %d calls so far%n", wave, all.size());
        }
        rolling.join();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        try (TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir())) {
            for (ScriptedCall call : all) {
                String failure = call.score(transcriber);
                if (failure == null) {
                    passed++;
                } else {
                    failures.add(failure);
                }
                call.close();
            }
        }
        long completed = all.stream().filter(ScriptedCall::completed).count();
        List<Long> latencies = all.stream().flatMap(call -> call.latenciesMs().stream()).toList();
        System.out.println();
        restarts.forEach(r -> System.out.println("restart  " + r));
        System.out.printf(Locale.ROOT, "%d waves of %d calls during the rolling restart: placed %d, completed %d, "
                        + "every check passed %d, dropped %d; end of speech -> first agent audio p50 %d / p95 %d ms%n",
                wave, n, all.size(), completed, passed, all.size() - completed,
                Percentiles.of(latencies, 50), Percentiles.of(latencies, 95));
        failures.forEach(f -> System.out.println("  " + f));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
