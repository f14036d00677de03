package dev.parley.e2e.bench.load;

import dev.parley.e2e.bench.Percentiles;
import dev.parley.e2e.caller.CallerVoice;
import dev.parley.e2e.caller.TurnTranscriber;
import dev.parley.e2e.stack.Metrics;
import dev.parley.e2e.stack.Service;
import dev.parley.e2e.stack.StackConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Many calls at once against a running stack (./parley up): for each N, N concurrent simulated Twilio calls of acme's
 * sample call in real time; prints calls completed, calls whose every check passed (scored after the run), end of
 * speech → first agent audio at the phone p50/p95, the cores each service used, the gateway's heap per live call and
 * its CPU per live call. {@code --overload} places L + 5 calls against the gateway's limit L and reports the
 * refusals; {@code --soak} runs waves of short calls and prints the gateway's heap after GC at start and end.
 * {@code --steady} keeps N calls live for {@code --periods} call lengths instead of starting N together: callers then
 * speak at independent moments, as on a busy line, and only the calls placed while all N lines were busy are checked
 * and timed (see {@link Concurrent#steady}).
 *
 * <pre>java -Dparley.home=. -cp 'e2e/target/e2e-0.1.0-SNAPSHOT.jar:e2e/target/lib/*' \
 *     dev.parley.e2e.bench.load.LoadBenchmark [--calls 1,5,10,20,30] [--stagger-ms 250] [--voices rms,kal16] \
 *     [--steady [--period-ms 32000] [--periods 3]] [--overload] [--soak [--waves 50] [--wave-size 20]] \
 *     [--gateway ws://127.0.0.1:8080/twilio/media]</pre>
 */
public final class LoadBenchmark {
    private final URI gateway;
    private final URI gatewayHttp;
    private final String token;
    private final List<CallerVoice> voices = new ArrayList<>();
    private final long staggerMs;
    private final ServiceCpu cpu;
    private final GatewayHeap heap;

    LoadBenchmark(URI gateway, StackConfig stack, ServiceCpu cpu, List<String> voiceNames, long staggerMs)
            throws Exception {
        this.gateway = gateway;
        this.gatewayHttp = URI.create(gateway.toString().replaceFirst("^ws", "http")).resolve("/");
        this.token = stack.secrets().twilioAuthToken();
        this.staggerMs = staggerMs;
        this.cpu = cpu;
        this.heap = new GatewayHeap(cpu.pid(Service.GATEWAY), gatewayHttp);
        for (String name : voiceNames) {
            CallerVoice voice = new CallerVoice(name);
            // Synthesized now, so the callers only replay audio during the run.
            for (ScriptedCall.Exchange e : ScriptedCall.SAMPLE) {
                voice.speak(e.say());
            }
            voice.speak("goodbye");
            voices.add(voice);
        }
    }

    public static void main(String[] args) throws Exception {
        URI gateway = URI.create("ws://127.0.0.1:8080/twilio/media");
        List<Integer> counts = List.of(1, 5, 10, 20, 30);
        List<String> voiceNames = List.of("rms", "kal16");
        long stagger = 250;
        boolean overload = false;
        boolean soak = false;
        boolean steady = false;
        long periodMs = 32_000;
        int periods = 3;
        int waves = 50;
        int waveSize = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = URI.create(args[++i]);
                case "--calls" -> counts = parseInts(args[++i]);
                case "--voices" -> voiceNames = List.of(args[++i].split(","));
                case "--stagger-ms" -> stagger = Long.parseLong(args[++i]);
                case "--overload" -> overload = true;
                case "--soak" -> soak = true;
                case "--steady" -> steady = true;
                case "--period-ms" -> periodMs = Long.parseLong(args[++i]);
                case "--periods" -> periods = Integer.parseInt(args[++i]);
                case "--waves" -> waves = Integer.parseInt(args[++i]);
                case "--wave-size" -> waveSize = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (steady && periods < 3) {
            // One call length of ramp and one of tail: fewer than three leave no call placed with all N live.
            throw new IllegalArgumentException("--periods must be at least 3 with --steady, got " + periods);
        }
        StackConfig stack = StackConfig.local(StackConfig.defaultHome());
        LoadBenchmark bench = new LoadBenchmark(gateway, stack, ServiceCpu.ofPidFiles(stack), voiceNames, stagger);
        System.out.println("load benchmark (" + gateway + ", callers " + voiceNames + ", " + (steady
                ? "N calls kept live for " + periods + " x " + periodMs + " ms, checked while all N are live"
                : stagger + " ms between call starts") + ", " + Runtime.getRuntime().availableProcessors() + " cores)");
        if (soak) {
            bench.soak(waves, waveSize);
        } else if (overload) {
            bench.overload();
        } else {
            System.out.println(Round.HEADER);
            for (int n : counts) {
                Round round = steady ? bench.steadyRound(n, periodMs, periods) : bench.round(n, ScriptedCall.SAMPLE);
                System.out.println(round.row());
            }
        }
    }

    Round round(int n, List<ScriptedCall.Exchange> exchanges) throws Exception {
        return measure(n, () -> Concurrent.calls(n, staggerMs, i -> ScriptedCall.run(i, gateway, token,
                voices.get(i % voices.size()), exchanges)), calls -> calls);
    }

    /** N calls kept live for {@code periods} call lengths; checked: those placed after the ramp, before the tail. */
    Round steadyRound(int n, long periodMs, int periods) throws Exception {
        long startNanos = System.nanoTime();
        long from = startNanos + periodMs * 1_000_000;
        long until = startNanos + (periods - 1) * periodMs * 1_000_000;
        return measure(n, () -> Concurrent.steady(n, periodMs, periods * periodMs, i -> ScriptedCall.run(i,
                        gateway, token, voices.get(i % voices.size()), ScriptedCall.SAMPLE)),
                calls -> calls.stream().filter(c -> c.startNanos() >= from && c.startNanos() <= until).toList());
    }

    private Round measure(int n, Callable<List<ScriptedCall>> run,
                          Function<List<ScriptedCall>, List<ScriptedCall>> checked) throws Exception {
        long idleHeap = heap.afterGcBytes();
        double refusedBefore = refusedSoFar();
        ServiceCpu.Snapshot before = cpu.snapshot();
        // Beyond the gateway's limit the extra calls are refused: all calls live means all it admits.
        int limit = (int) Metrics.sum(gatewayHttp, "parley_gateway_capacity_limit");
        PeakHeap peak = PeakHeap.watch(gatewayHttp, heap, Math.min(n, limit));
        List<ScriptedCall> calls = run.call();
        ServiceCpu.Snapshot after = cpu.snapshot();
        peak.stop();
        Round round = new Round(n, calls, checked.apply(calls), after.coresSince(before),
                after.cpuSeconds().get(Service.GATEWAY) - before.cpuSeconds().get(Service.GATEWAY), idleHeap,
                peak.bytes(), refusedSoFar() - refusedBefore);
        try (TurnTranscriber transcriber = new TurnTranscriber(TurnTranscriber.defaultModelsDir())) {
            round.score(transcriber);
        }
        calls.forEach(ScriptedCall::close);
        return round;
    }

    /** L + 5 calls against the limit L: the 5 must be refused at once, the L served as well as ever. */
    private void overload() throws Exception {
        int limit = (int) Metrics.sum(gatewayHttp, "parley_gateway_capacity_limit");
        System.out.println("gateway limit L = " + limit + "; placing L + 5 = " + (limit + 5) + " calls");
        System.out.println(Round.HEADER);
        Round round = round(limit + 5, ScriptedCall.SAMPLE);
        System.out.println(round.row());
        List<Long> refusalMs = round.refusalMs();
        System.out.printf(Locale.ROOT, "refused with 1013: %d (slowest refusal %d ms); admitted: %d;"
                        + " refusals counted by the gateway: %.0f%n", refusalMs.size(),
                refusalMs.isEmpty() ? -1 : Percentiles.of(refusalMs, 100), round.admitted(), round.refusedCounted());
        for (String failure : round.failures()) {
            System.out.println("  " + failure);
        }
    }

    /** Waves of short calls (greeting, goodbye): the gateway's heap after GC must not grow with calls served. */
    private void soak(int waves, int waveSize) throws Exception {
        long start = heap.afterGcBytes();
        int completed = 0;
        for (int w = 1; w <= waves; w++) {
            List<ScriptedCall> calls = Concurrent.calls(waveSize, staggerMs, i -> ScriptedCall.run(i, gateway, token,
                    voices.get(i % voices.size()), List.of()));
            completed += (int) calls.stream().filter(ScriptedCall::completed).count();
            calls.forEach(ScriptedCall::close);
            if (w % 10 == 0 || w == waves) {
                System.out.printf(Locale.ROOT, "wave %d: %d calls completed so far%n", w, completed);
            }
        }
        long end = heap.afterGcBytes();
        System.out.printf(Locale.ROOT, "soak: %d of %d calls completed; gateway heap after GC: start %.1f MB,"
                + " end %.1f MB (%+.1f MB)%n", completed, waves * waveSize, start / 1e6, end / 1e6, (end - start) / 1e6);
    }

    private double refusedSoFar() {
        try {
            return Metrics.sum(gatewayHttp, "parley_gateway_capacity_refused_total");
        } catch (Exception noneYet) {
            return 0; // the counter appears with the first refusal
        }
    }

    private static List<Integer> parseInts(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.strip()));
        }
        return out;
    }

    /** The services a row reports, in column order. */
    static final List<Service> SERVICES = List.of(Service.GATEWAY, Service.STT, Service.DIALOGUE, Service.TTS,
            Service.ANALYTICS);

    static String cores(Map<Service, Double> cores) {
        StringBuilder out = new StringBuilder();
        for (Service s : SERVICES) {
            out.append(String.format(Locale.ROOT, " %5.2f", cores.getOrDefault(s, Double.NaN)));
        }
        return out.toString();
    }
}
