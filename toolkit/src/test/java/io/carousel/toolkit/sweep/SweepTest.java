package io.carousel.toolkit.sweep;

import static io.carousel.toolkit.cli.MainTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.cli.MainTest.Outcome;
import io.carousel.toolkit.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path tmp;

    static final String TINY = """
            name: tiny-sweep
            seed: 3
            task: {type: adding, length: 10}
            model:
              layers: [{type: lstm, units: 4}]
              output: {activation: sigmoid}
            training:
              batch_size: 32
              max_sequences: 192
              stop: max_sequences
              eval_every: 96
              eval_sequences: 32
              test_sequences: 64
            sweep:
              grid:
                model.layers[0].units: [4, 6]
                training.optimizer.learning_rate: [0.01, 0.003]
              trials: 2
            """;

    Path config(String text) throws Exception {
        Path c = tmp.resolve("sweep.yaml");
        Files.writeString(c, text);
        return c;
    }

    @Test
    void theGridTimesTheTrialsIsThePlan() throws Exception {
        SweepPlan plan = SweepPlan.of(config(TINY));
        assertEquals(List.of("model.layers[0].units", "training.optimizer.learning_rate"), plan.keys());
        assertEquals(4, plan.points().size());
        assertEquals(Map.of("model.layers[0].units", 4, "training.optimizer.learning_rate", 0.003),
                plan.points().get(1));
        assertEquals("units=6, learning_rate=0.01", plan.label(2));
        assertEquals("4 points x 2 trials", plan.shape());
        assertEquals(8, plan.runs().size());
        SweepPlan.Run last = plan.runs().get(7);
        assertEquals("p04/seed-4", last.directory());
        assertEquals(6, ((io.carousel.toolkit.config.LayerSpec.Lstm) last.experiment().model().layers().get(0)).units());
        assertEquals(0.003, last.experiment().training().optimizer().learningRate());
        assertEquals(null, last.experiment().sweep());
    }

    @Test
    void aSweepRunsEveryPointWritesItsReportAndResumes() throws Exception {
        SweepPlan plan = SweepPlan.of(config(TINY));
        Path out = tmp.resolve("out");
        List<Sweep.RunDone> first = new ArrayList<>();
        Sweep.Result r = Sweep.run(plan, out, 2, first::add);
        assertEquals(8, first.size());
        assertEquals(4, r.byPoint().size());
        List<String> csv = Files.readAllLines(out.resolve(SweepReport.CSV));
        assertEquals(5, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("point,model.layers[0].units,training.optimizer.learning_rate,trials,"));
        assertTrue(csv.get(2).startsWith("2,4,0.003,2,0,"), csv.get(2));
        assertTrue(Files.readString(out.resolve(SweepReport.MARKDOWN)).contains("| 4 | units=6, learning_rate=0.003 |"));
        assertTrue(Files.size(out.resolve(SweepReport.CHART)) > 0);

        // Lose one run (as an interrupted sweep would): running again redoes only that one, to the same result.
        String before = Files.readString(out.resolve(SweepReport.CSV));
        deleteTree(out.resolve("p03/seed-4"));
        List<Sweep.RunDone> second = new ArrayList<>();
        Sweep.run(plan, out, 1, second::add);
        assertEquals(7, second.stream().filter(Sweep.RunDone::kept).count());
        assertEquals("p03/seed-4", second.stream().filter(d -> !d.kept()).findFirst().orElseThrow().run().directory());
        assertEquals(before, Files.readString(out.resolve(SweepReport.CSV)));
    }

    @Test
    void badSweepsAreConfigErrors() throws Exception {
        ConfigException typo = assertThrows(ConfigException.class, () -> SweepPlan.of(config(TINY.replace(
                "model.layers[0].units: [4, 6]", "model.layers[0].unit: [4, 6]"))));
        assertTrue(typo.problems().get(0).toString().contains("model.layers[0].unit"), typo.problems().toString());
        ConfigException seed = assertThrows(ConfigException.class, () -> SweepPlan.of(config(TINY.replace(
                "model.layers[0].units: [4, 6]", "seed: [1, 2]"))));
        assertTrue(seed.problems().get(0).toString().contains("sweep.grid.seed: cannot be swept"),
                seed.problems().toString());
        Outcome validate = cli("validate", config(TINY.replace("[4, 6]", "[4, 0]")).toString());
        assertEquals(2, validate.code());
        assertTrue(validate.err().contains("model.layers[0].units: must be in [1, 65536], got 0"), validate.err());
        Outcome run = cli("run", config(TINY).toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("has a sweep: section; run it with `sweep"), run.err());
    }

    @Test
    void samplesDrawARandomSubsetOfTheGridFromTheSeed() throws Exception {
        String sampled = TINY.replace("  trials: 2", "  trials: 1\n  samples: 3");
        SweepPlan a = SweepPlan.of(config(sampled));
        SweepPlan full = SweepPlan.of(config(TINY));
        assertEquals(3, a.points().size());
        assertEquals("3 points x 1 trial", a.shape());
        assertTrue(full.points().containsAll(a.points()));
        assertEquals(a.points(), SweepPlan.of(config(sampled)).points(), "the same seed draws the same points");
        SweepPlan other = SweepPlan.of(config(sampled.replace("seed: 3", "seed: 4")));
        assertEquals(3, other.points().size());
    }

    @Test
    void theShippedSweepIsValid() throws Exception {
        SweepPlan plan = SweepPlan.of(ProjectPaths.configs().resolve("sweep-adding.yaml"));
        assertEquals(12, plan.runs().size());
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
