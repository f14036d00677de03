package dev.parley.tts.engine.festival;

import dev.parley.audio.Wav;
import dev.parley.tts.engine.SynthesisException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One long-lived {@code festival --pipe} child: the voice is loaded once (~0.4 s), then each phrase costs only its
 * synthesis. Commands go to stdin as Scheme; after each, festival prints a marker line, and the waveform is read
 * from a per-process file. Errors (Scheme errors, a dead process, no marker before the deadline) fail the phrase.
 * Used by one thread at a time (the pool hands it out).
 */
final class FestivalProcess implements AutoCloseable {
    private static final String DEFINE_SAY = "(define (parley_say text file) "
            + "(utt.save.wave (utt.synth (eval (list (quote Utterance) (quote Text) text))) file (quote riff)) "
            + "(format t \"PARLEY-OK\\n\") (fflush nil))";
    private static final AtomicLong IDS = new AtomicLong();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>(1000);
    private final Path waveFile;
    private final long id = IDS.incrementAndGet();
    private volatile String lastError = "";
    private volatile String value = "";
    private String voice;
    private long sequence;

    private FestivalProcess(Process process, Path waveFile) {
        this.process = process;
        this.waveFile = waveFile;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        Thread reader = new Thread(this::readLines, "festival-" + id + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts festival with {@code voice} loaded, waiting until it answers. */
    static FestivalProcess start(String command, Path workDir, String voice, Duration timeout)
            throws SynthesisException {
        Process p;
        try {
            p = new ProcessBuilder(command, "--pipe").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new SynthesisException("cannot start festival ('" + command + "'): " + e.getMessage(), e);
        }
        FestivalProcess f = new FestivalProcess(p, workDir.resolve("festival-" + p.pid() + ".wav"));
        try {
            f.send(DEFINE_SAY);
            f.useVoice(voice, timeout);
            return f;
        } catch (SynthesisException e) {
            f.close();
            throw e;
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Selects a voice ({@code voice_<name>}); fails if festival does not know it. */
    void useVoice(String name, Duration timeout) throws SynthesisException {
        if (name.equals(voice)) {
            return;
        }
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new SynthesisException("invalid festival voice name '" + name + "'");
        }
        String marker = marker();
        send("(begin (voice_" + name + ") (format t \"PARLEY-OK\\n\") (fflush nil))\n" + end(marker));
        awaitOk(marker, timeout, "loading voice " + name);
        voice = name;
    }

    /** Synthesizes one phrase; on timeout the process is killed (the pool replaces it). */
    Wav.Clip synthesize(String text, Duration timeout) throws SynthesisException {
        String marker = marker();
        send("(parley_say \"" + escape(text) + "\" \"" + escape(waveFile.toString()) + "\")\n" + end(marker));
        awaitOk(marker, timeout, "synthesizing");
        try {
            return Wav.read(waveFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new SynthesisException("festival wrote no readable wave: " + e.getMessage(), e);
        }
    }

    /** Voices festival has installed ({@code voice.list}). */
    List<String> installedVoices(Duration timeout) throws SynthesisException {
        String marker = marker();
        send("(begin (format t \"PARLEY-VALUE %l\\n\" (voice.list)) (format t \"PARLEY-OK\\n\") (fflush nil))\n"
                + end(marker));
        awaitOk(marker, timeout, "listing voices");
        String list = value.replace("(", " ").replace(")", " ").strip();
        return list.isEmpty() ? List.of() : List.of(list.split("\\s+"));
    }

    private String marker() {
        return "PARLEY-END-" + (++sequence);
    }

    /** A separate top-level form, so it runs even when the command before it failed. */
    private static String end(String marker) {
        return "(format t \"" + marker + "\\n\") (fflush nil)\n";
    }

    private void awaitOk(String marker, Duration timeout, String what) throws SynthesisException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ok = false;
        while (true) {
            String line;
            try {
                line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new SynthesisException("interrupted while " + what);
            }
            if (line == null) {
                boolean alive = process.isAlive();
                close();
                throw new SynthesisException((alive ? "festival timed out after " + timeout.toMillis() + " ms "
                        : "festival exited while ") + what + lastErrorSuffix());
            }
            if (line.equals("PARLEY-OK")) {
                ok = true;
            } else if (line.equals(marker)) {
                if (!ok) {
                    throw new SynthesisException("festival failed " + what + lastErrorSuffix());
                }
                return;
            }
        }
    }

    private String lastErrorSuffix() {
        return lastError.isEmpty() ? "" : ": " + lastError;
    }

    private void send(String commands) throws SynthesisException {
        lastError = "";
        try {
            stdin.write(commands);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            close();
            throw new SynthesisException("festival is not accepting commands: " + e.getMessage(), e);
        }
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("PARLEY-VALUE ")) {
                    value = line.substring("PARLEY-VALUE ".length());
                } else if (line.startsWith("PARLEY-")) {
                    lines.offer(line);
                } else if (!line.isBlank()) {
                    lastError = line.strip(); // stderr is merged in: keep the latest complaint for the error message
                }
            }
        } catch (IOException e) {
            // the process is gone; waiters time out or see it dead
        }
    }

    /** Scheme string literal contents; the normalizer already leaves only letters and punctuation. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already closed
        }
        process.destroyForcibly();
        try {
            Files.deleteIfExists(waveFile);
        } catch (IOException e) {
            // a temp file; the directory is removed at shutdown
        }
    }
}
