package dev.parley.stt.vosk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model directory with other decoder settings: Vosk reads them only from {@code conf/model.conf} when the model
 * is loaded, so the view is a temporary directory of symlinks to every file of the real model except that one,
 * which is the model's own with the overrides applied. The model's files stay untouched and shared.
 */
final class VoskModelView {
    static final String MODEL_CONF = "conf/model.conf";
    private static final Pattern OPTION = Pattern.compile("^\\s*--([A-Za-z0-9._-]+)=(.*)$");

    private VoskModelView() {
    }

    /** Creates the view in a new temporary directory; {@link #delete} it once the model is loaded. */
    static Path create(Path modelDir, Map<String, String> overrides) throws IOException {
        Path model = modelDir.toAbsolutePath().normalize();
        Path view = Files.createTempDirectory("parley-vosk-view");
        try {
            Path conf = model.resolve(MODEL_CONF);
            link(model, view, conf);
            String original = Files.isRegularFile(conf) ? Files.readString(conf) : "";
            Files.createDirectories(view.resolve(MODEL_CONF).getParent());
            // CREATE_NEW does not follow a link: whatever happens, the model's own file is never written.
            Files.writeString(view.resolve(MODEL_CONF), rewrite(original, overrides), StandardOpenOption.CREATE_NEW);
            return view;
        } catch (IOException | RuntimeException e) {
            delete(view);
            throw e;
        }
    }

    /**
     * Mirrors directory {@code from} into {@code to}: the directories on the way to {@code conf} are the view's own,
     * every other entry is a link, and {@code conf} itself is left out.
     */
    private static void link(Path from, Path to, Path conf) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                Path target = to.resolve(entry.getFileName().toString());
                if (conf.startsWith(entry) && !conf.equals(entry)) {
                    Files.createDirectories(target);
                    link(entry, target, conf);
                } else if (!entry.equals(conf)) {
                    Files.createSymbolicLink(target, entry);
                }
            }
        }
    }

    /** {@code conf} with the overridden options' values replaced (appended when absent); every other line kept. */
    static String rewrite(String conf, Map<String, String> overrides) {
        Map<String, String> left = new LinkedHashMap<>(overrides);
        List<String> lines = new ArrayList<>();
        for (String line : conf.split("\n", -1)) {
            Matcher m = OPTION.matcher(line);
            if (m.matches() && overrides.containsKey(m.group(1))) {
                // Every occurrence: Kaldi takes the last one.
                lines.add("--" + m.group(1) + "=" + overrides.get(m.group(1)));
                left.remove(m.group(1));
            } else {
                lines.add(line);
            }
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        left.forEach((name, value) -> lines.add("--" + name + "=" + value));
        return String.join("\n", lines) + "\n";
    }

    /** The value of {@code --name} in a model.conf text, or null. */
    static String option(String conf, String name) {
        String value = null;
        for (String line : conf.split("\n")) {
            Matcher m = OPTION.matcher(line);
            if (m.matches() && m.group(1).equals(name)) {
                value = m.group(2).strip();
            }
        }
        return value;
    }

    /** Removes the view: only its links and its own files, never what they point to. */
    static void delete(Path view) {
        try (Stream<Path> walk = Files.walk(view)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the Vosk model view " + view, e);
        }
    }
}
