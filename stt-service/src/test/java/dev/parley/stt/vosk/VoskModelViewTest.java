package dev.parley.stt.vosk;

import dev.parley.stt.support.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoskModelViewTest {
    private static final String CONF = String.join("\n", "--min-active=200", "--max-active=3000", "--beam=10.0",
            "--lattice-beam=2.0", "--acoustic-scale=1.0", "--endpoint.rule2.min-trailing-silence=0.5", "");

    @Test
    void rewrite_replacesTheOverriddenValues_andKeepsEveryOtherLine() {
        String out = VoskModelView.rewrite(CONF, DecoderSettings.of(1000, 8, 1).overrides());
        assertEquals(String.join("\n", "--min-active=200", "--max-active=1000", "--beam=8.0", "--lattice-beam=1.0",
                "--acoustic-scale=1.0", "--endpoint.rule2.min-trailing-silence=0.5", ""), out);
    }

    @Test
    void rewrite_appendsAnOptionTheModelDoesNotSet_andOverridesRepeatedOnes() {
        String out = VoskModelView.rewrite("# tuned\n--beam=13\n--beam=11\n", Map.of("max-active", "700",
                "beam", "8.0"));
        assertEquals("# tuned\n--beam=8.0\n--beam=8.0\n--max-active=700\n", out);
        assertEquals("700", VoskModelView.option(out, "max-active"));
    }

    @Test
    void noOverrides_leaveTheConfAsItIs() {
        assertEquals(CONF, VoskModelView.rewrite(CONF, DecoderSettings.MODEL.overrides()));
    }

    @Test
    void view_linksEveryModelFile_withItsOwnConf_andDeletingItKeepsTheModel(@TempDir Path tmp) throws IOException {
        Path model = tmp.resolve("model");
        Files.createDirectories(model.resolve("conf"));
        Files.createDirectories(model.resolve("graph/phones"));
        Files.writeString(model.resolve("conf/model.conf"), CONF);
        Files.writeString(model.resolve("conf/mfcc.conf"), "--sample-frequency=16000\n");
        Files.writeString(model.resolve("graph/phones/word_boundary.int"), "1 nonword\n");
        Files.writeString(model.resolve("README"), "a model\n");

        Map<String, String> overrides = Map.of("max-active", "1000");
        Path view = VoskModelView.create(model, overrides);
        try {
            for (String file : files(model)) {
                if (Files.isDirectory(model.resolve(file))) {
                    continue;
                }
                Path seen = view.resolve(file);
                assertTrue(Files.exists(seen), file);
                assertEquals(!file.equals("conf/model.conf"), Files.isSameFile(seen, model.resolve(file)), file);
            }
            assertFalse(Files.isSymbolicLink(view.resolve("conf")), "conf is the view's own directory");
            assertEquals(VoskModelView.rewrite(CONF, overrides), Files.readString(view.resolve("conf/model.conf")));
            assertEquals(CONF, Files.readString(model.resolve("conf/model.conf")));
        } finally {
            VoskModelView.delete(view);
        }
        assertFalse(Files.exists(view));
        assertEquals(List.of("README", "conf", "conf/mfcc.conf", "conf/model.conf", "graph", "graph/phones",
                "graph/phones/word_boundary.int"), files(model), "the model is untouched");
    }

    @Test
    void viewOfTheRealModel_hasEveryTopLevelEntry_andLeavesItsConfAlone() throws IOException {
        Path model = Models.voskModelDir();
        String own = Files.readString(model.resolve("conf/model.conf"));
        Path view = VoskModelView.create(model, DecoderSettings.of(700, 8, 1).overrides());
        try {
            try (Stream<Path> real = Files.list(model); Stream<Path> seen = Files.list(view)) {
                assertEquals(real.map(p -> p.getFileName().toString()).sorted().toList(),
                        seen.map(p -> p.getFileName().toString()).sorted().toList());
            }
            String conf = Files.readString(view.resolve("conf/model.conf"));
            assertEquals("700", VoskModelView.option(conf, "max-active"));
            assertEquals("200", VoskModelView.option(conf, "min-active"));
            assertEquals(own.split("\n").length, conf.split("\n").length);
            assertEquals(own, Files.readString(model.resolve("conf/model.conf")), "the model's conf is untouched");
        } finally {
            VoskModelView.delete(view);
        }
    }

    /** Every path under {@code dir}, relative, sorted; links are not followed. */
    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
