package dev.parley.stt.vosk;

import dev.parley.stt.callers.CallerCalls;
import dev.parley.stt.callers.CallerCorpus;
import dev.parley.stt.callers.HeardCall;
import dev.parley.stt.callers.KeyWords;
import dev.parley.stt.callers.NoisyLine;
import dev.parley.stt.callers.Voices;
import dev.parley.stt.support.WordErrorRate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Vosk's CPU per second of audio and word error rate per decoder search setting (max-active / beam / lattice-beam,
 * through a model view), on NoiseBenchmark's calls: the tenants' tuning requests by the caller voices over a clean
 * or office-noise phone line. Each run loads every setting in turn (so drift on a shared machine spreads over all)
 * and streams both tenants' calls on their own threads; CPU is those threads' own. Run by hand; the command is in
 * the stt-service README ("Decoder search").
 */
public final class DecoderSweep {
    /**
     * Today's model.conf first: the others are compared with it; last the model's own again ({@code model}, the
     * same settings), whose difference from the first is the run-to-run noise.
     */
    private static final String GRID = "3000/10/2,2000/10/2,1500/10/2,1000/10/2,700/10/2,3000/8/2,3000/6/2,"
            + "3000/10/1,1000/8/2,700/8/2,1000/8/1,700/8/1,model";

    private record Line(String name, Double snrDb) {
        static Line parse(String name) {
            return new Line(name, name.equals("clean") ? null : Double.valueOf(name.replace("snr", "")));
        }
    }

    /** One setting on one line, over the runs. */
    private static final class Cell {
        final List<Double> cpuMsPerS = new ArrayList<>();
        final List<Double> wer = new ArrayList<>();
        final List<String> numbers = new ArrayList<>();
        final List<String> names = new ArrayList<>();
    }

    private DecoderSweep() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(System.getProperty("parley.models.dir", "../models/target/models"));
        Path modelDir = models.resolve("vosk-model-en-us");
        List<String> settings = List.of(System.getProperty("sweep.settings", GRID).split(","));
        List<Line> lines = List.of(System.getProperty("sweep.lines", "clean").split(",")).stream()
                .map(Line::parse).toList();
        int runs = Integer.getInteger("sweep.runs", 2);
        Map<String, CallerCalls.Call> calls = CallerCalls.speak(CallerCalls.DEFAULT_CORPORA);
        Map<Line, Map<String, List<short[]>>> audio = new LinkedHashMap<>();
        short[] noise = NoisyLine.officeNoise();
        Random random = new Random(Long.getLong("sweep.seed", 42));
        for (Line line : lines) {
            Map<String, List<short[]>> byTenant = new LinkedHashMap<>();
            calls.forEach((tenant, call) -> byTenant.put(tenant,
                    CallerCalls.line(call.speech(), noise, line.snrDb(), random)));
            audio.put(line, byTenant);
        }
        System.out.printf("%d requests (%s), voices %s rotating; %d runs of %s on %s%n",
                calls.values().stream().mapToInt(c -> c.speech().size()).sum(), String.join(", ", calls.keySet()),
                Voices.NAMES, runs, settings, lines.stream().map(Line::name).toList());
        Map<String, Cell> cells = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        for (int run = 1; run <= runs; run++) {
            for (String setting : settings) {
                VoskRecognizer vosk = VoskRecognizer.load("vosk", modelDir, "en-US", parse(setting));
                if (!vosk.ready()) {
                    throw new IllegalStateException(vosk.loadError().orElse("Vosk not ready"));
                }
                for (Line line : lines) {
                    Map<String, Future<HeardCall>> jobs = new LinkedHashMap<>();
                    audio.get(line).forEach((tenant, pcm) ->
                            jobs.put(tenant, pool.submit(() -> HeardCall.hear(vosk, tenant, pcm))));
                    Cell cell = cells.computeIfAbsent(setting + "|" + line.name(), k -> new Cell());
                    record(cell, calls, jobs);
                    System.out.printf(Locale.ROOT, "run %d %-10s %-6s CPU %5.1f ms/s  WER %.1f%%  numbers %s  "
                            + "names %s%n",
                            run, setting, line.name(), last(cell.cpuMsPerS), 100 * last(cell.wer),
                            cell.numbers.get(cell.numbers.size() - 1), cell.names.get(cell.names.size() - 1));
                }
                vosk.close();
            }
        }
        pool.shutdown();
        print(settings, lines, cells, runs);
        System.exit(0);
    }

    /** {@code model} or {@code maxActive/beam/latticeBeam}. */
    private static DecoderSettings parse(String setting) {
        if (setting.equals("model")) {
            return DecoderSettings.MODEL;
        }
        String[] p = setting.split("/");
        return DecoderSettings.of(Integer.parseInt(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]));
    }

    private static void record(Cell cell, Map<String, CallerCalls.Call> calls, Map<String, Future<HeardCall>> jobs)
            throws Exception {
        WordErrorRate wer = new WordErrorRate();
        KeyWords keys = new KeyWords();
        long cpu = 0;
        double seconds = 0;
        for (Map.Entry<String, Future<HeardCall>> job : jobs.entrySet()) {
            HeardCall heard = job.getValue().get();
            List<CallerCorpus.Request> requests = calls.get(job.getKey()).corpus().requests();
            for (int i = 0; i < requests.size(); i++) {
                wer.add(requests.get(i).reference(), heard.texts().get(i));
                keys.add(requests.get(i).reference(), heard.texts().get(i));
            }
            cpu += heard.cpuNanos();
            seconds += heard.audioSeconds();
        }
        cell.cpuMsPerS.add(cpu / 1e6 / seconds);
        cell.wer.add(wer.rate());
        cell.numbers.add(keys.numbers());
        cell.names.add(keys.names());
    }

    private static void print(List<String> settings, List<Line> lines, Map<String, Cell> cells, int runs) {
        System.out.println();
        System.out.printf("max-active/beam/lattice-beam, %d runs each: mean (each run)%n", runs);
        System.out.println("| setting | line | Vosk CPU ms per audio s | vs first | WER | numbers right "
                + "| names heard |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Line line : lines) {
            double base = mean(cells.get(settings.get(0) + "|" + line.name()).cpuMsPerS);
            for (String setting : settings) {
                Cell c = cells.get(setting + "|" + line.name());
                double cpu = mean(c.cpuMsPerS);
                System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%s) | %+.0f %% | %.1f %% (%s) | %s | %s |%n",
                        setting, line.name(), cpu, each(c.cpuMsPerS, 1), 100 * (cpu / base - 1),
                        100 * mean(c.wer), each(c.wer, 100), String.join(", ", c.numbers), String.join(", ", c.names));
            }
        }
    }

    private static String each(List<Double> values, double scale) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v * scale)).toList());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }
}
