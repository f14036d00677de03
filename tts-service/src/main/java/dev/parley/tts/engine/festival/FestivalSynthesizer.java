package dev.parley.tts.engine.festival;

import dev.parley.audio.Wav;
import dev.parley.tts.engine.SpeechSynthesizer;
import dev.parley.tts.engine.SynthesisException;
import dev.parley.tts.engine.SynthesizedAudio;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Festival (Debian {@code festival}, default voice the HTS {@code cmu_us_slt_arctic_hts}) through a fixed pool of
 * long-lived {@code festival --pipe} processes, so no phrase pays process start or voice loading. A phrase that
 * waits longer than the timeout for a free process, or for festival itself, fails (and the chain falls back);
 * a process that timed out or died is restarted on its next use.
 */
public final class FestivalSynthesizer implements SpeechSynthesizer {
    private static final Logger LOG = Logger.getLogger(FestivalSynthesizer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    /** A pool place; its process is null after a failure until restarted. */
    private static final class Slot {
        FestivalProcess process;
    }

    private final String command;
    private final String defaultVoice;
    private final Duration timeout;
    private final Path workDir;
    private final BlockingQueue<Slot> idle = new LinkedBlockingQueue<>();
    private final Set<String> voices = new LinkedHashSet<>();
    private final String unavailableReason;
    private volatile boolean closed;

    public FestivalSynthesizer(String command, String defaultVoice, int processes, Duration timeout) {
        if (processes < 1) {
            throw new IllegalArgumentException("festival needs at least one process, got " + processes);
        }
        this.command = command;
        this.defaultVoice = defaultVoice;
        this.timeout = timeout;
        try {
            this.workDir = Files.createTempDirectory("parley-festival");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String reason = null;
        for (int i = 0; i < processes; i++) {
            Slot slot = new Slot();
            if (reason == null) {
                try {
                    slot.process = FestivalProcess.start(command, workDir, defaultVoice, START_TIMEOUT);
                    if (voices.isEmpty()) {
                        voices.addAll(slot.process.installedVoices(START_TIMEOUT));
                        voices.add(defaultVoice);
                    }
                } catch (SynthesisException e) {
                    reason = "festival with voice '" + defaultVoice + "' could not start: " + e.getMessage();
                    LOG.warn(reason);
                }
            }
            idle.add(slot);
        }
        this.unavailableReason = reason;
    }

    @Override
    public String name() {
        return "festival";
    }

    @Override
    public Set<String> voices() {
        return voices;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason == null && !closed;
    }

    @Override
    public SynthesizedAudio synthesize(String text, String voice) throws SynthesisException {
        if (!isAvailable()) {
            throw new SynthesisException(closed ? "festival is shut down" : unavailableReason);
        }
        Slot slot;
        try {
            slot = idle.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException("interrupted waiting for a festival process");
        }
        if (slot == null) {
            throw new SynthesisException("no festival process free within " + timeout.toMillis() + " ms");
        }
        try {
            if (slot.process == null || !slot.process.isAlive()) {
                if (slot.process != null) {
                    slot.process.close();
                }
                slot.process = null;
                slot.process = FestivalProcess.start(command, workDir, defaultVoice, START_TIMEOUT);
            }
            slot.process.useVoice(voice == null ? defaultVoice : voice, timeout);
            Wav.Clip clip = slot.process.synthesize(text, timeout);
            if (clip.samples().length == 0) {
                throw new SynthesisException("festival produced no audio for a phrase of " + text.length() + " chars");
            }
            return new SynthesizedAudio(clip.samples(), clip.sampleRate(), name());
        } finally {
            if (closed && slot.process != null) {
                slot.process.close();
            }
            idle.add(slot);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Slot slot : idle) {
            if (slot.process != null) {
                slot.process.close();
            }
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not remove %s: %s", workDir, e.getMessage());
        }
    }
}
