package io.carousel.toolkit.reliability;

import static io.carousel.toolkit.ProjectPaths.configs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.Trials;
import io.carousel.toolkit.cli.Main;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.Summary;
import io.carousel.toolkit.train.Checkpoints;
import io.carousel.toolkit.train.TrainingMonitor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped and resumed ends exactly where the same run left alone ends: every parameter bit for bit, the same
 * stopping point, the same metrics. Stopped in-process at a random checkpoint, and killed for real (SIGKILL) in a
 * child JVM at a random moment.
 */
public class ResumeTest {

    @TempDir
    Path tmp;

    /** Stops a run by throwing when its {@code at}-th checkpoint has been written. */
    public static final class StopAtCheckpoint implements TrainingMonitor {
        final int at;
        int seen;

        public StopAtCheckpoint(int at) {
            this.at = at;
        }

        @Override
        public void onCheckpoint(Path file, long sequences) {
            if (++seen == at) {
                throw new Stopped();
            }
        }
    }

    public static final class Stopped extends RuntimeException {
    }


    /**
     * The adding problem, short, checkpointed every 1,024 sequences. {@code paper}: stops by its rule (whose state
     * the checkpoint must carry); else a fixed budget with dropout (whose random draws a resumed run must repeat).
     */
    static ExperimentConfig config(boolean paper) throws Exception {
        List<String> sets = paper
                ? List.of("task.length=20", "training.max_sequences=40000", "training.eval_every=2048",
                "training.checkpoint_every=1024", "training.keep_checkpoints=3", "training.test_sequences=200")
                : List.of("task.length=20", "training.max_sequences=12000", "training.stop=max_sequences",
                "training.eval_every=2048", "training.checkpoint_every=1024", "model.layers[0].dropout=0.2",
                "training.test_sequences=200");
        return ConfigLoader.load(configs().resolve("adding.yaml"), sets);
    }

    static float[] params(Path runDir) throws IOException {
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(runDir.resolve("model.zip").toFile(), true);
        return net.params().toFloatVector();
    }

    static List<String> metricsWithoutTimes(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("metrics.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @ParameterizedTest(name = "stopping rule {0}")
    @ValueSource(booleans = {true, false})
    void aRunStoppedAtARandomCheckpointAndResumedEndsBitIdentical(boolean paper) throws Exception {
        ExperimentConfig c = config(paper);
        Experiment.Result straight = Experiment.run(c, tmp.resolve("straight"), List.of());
        long checkpointsInRun = straight.summary().sequences() / 1024;
        assertTrue(checkpointsInRun >= 3, "the run passes several checkpoints: " + straight.summary());
        int at = 1 + new Random().nextInt((int) checkpointsInRun - 1);

        RunDirectory dir = RunDirectory.create(tmp.resolve("stopped"), c.name());
        assertThrows(Stopped.class, () -> Experiment.run(c, dir, List.of(new StopAtCheckpoint(at))));
        assertTrue(Files.notExists(dir.summary()), "stopped mid-way");
        Experiment.Result resumed = Experiment.resume(dir, List.of(), List.of());

        assertEquals(straight.summary().sequences(), resumed.summary().sequences(), "stopped at checkpoint " + at);
        assertEquals(straight.summary().solved(), resumed.summary().solved());
        assertEquals(straight.summary().milestones(), resumed.summary().milestones());
        assertArrayEquals(params(straight.directory().path()), params(dir.path()), "checkpoint " + at);
        assertEquals(straight.summary().test(), resumed.summary().test());
        assertEquals(metricsWithoutTimes(straight.directory().path()), metricsWithoutTimes(dir.path()));
        assertTrue(resumed.summary().wallSeconds() >= resumed.summary().trainSeconds(),
                "the run's wall time counts its sessions before the checkpoint too: " + resumed.summary());
    }

    @Test
    void aChildJvmKilledAtARandomMomentResumesBitIdentical() throws Exception {
        ExperimentConfig c = config(false);
        Path cfg = tmp.resolve("adding-short.yaml");
        Files.writeString(cfg, ConfigLoader.toYaml(c));
        Experiment.Result straight = Experiment.run(ConfigLoader.load(cfg), tmp.resolve("straight"), List.of());

        Path runs = tmp.resolve("killed");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        // The child computes the gates as this JVM does (vectorised or not): the two differ in the last bit.
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.carousel.toolkit.cli.Main", "run",
                cfg.toString(), "--runs-dir", runs.toString(), "--no-progress"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path dir = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            dir = onlyDirectory(runs);
            if (dir != null && !new Checkpoints(dir.resolve("checkpoints"), 1).list().isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child was still training at its first checkpoint: "
                + Files.readString(tmp.resolve("child.log")));
        Thread.sleep(new Random().nextInt(1500));
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(dir != null);

        if (Files.exists(dir.resolve("summary.json"))) {
            // The child finished before the kill landed: nothing to resume, and the run must match anyway.
            assertArrayEquals(params(straight.directory().path()), params(dir));
            return;
        }
        Experiment.Result resumed = Experiment.resume(new RunDirectory(dir), List.of(), List.of());
        assertEquals(straight.summary().sequences(), resumed.summary().sequences());
        assertArrayEquals(params(straight.directory().path()), params(dir));
        assertEquals(metricsWithoutTimes(straight.directory().path()), metricsWithoutTimes(dir));
    }

    @Test
    void interruptedTrialsFinishWithResume() throws Exception {
        ExperimentConfig c = config(true);
        Trials.Result first = Trials.run(c, tmp.resolve("runs"), 2, 2, s -> { });
        Path dir = first.directory();
        // As if killed: the second trial had checkpointed but not finished, the third had not started.
        Path second = onlyMatching(dir, c.name() + "-seed" + (c.seed() + 1) + "-");
        String secondSummary = Files.readString(second.resolve("summary.json"));
        Files.delete(second.resolve("summary.json"));
        Files.writeString(dir.resolve("trials-count.txt"), "3\n");
        Path firstTrial = onlyMatching(dir, c.name() + "-seed" + c.seed() + "-");
        String firstSummary = Files.readString(firstTrial.resolve("summary.json"));

        StringWriter out = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .execute("resume", dir.toString(), "--parallel", "2");
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("of 3;"), out.toString());
        assertEquals(firstSummary, Files.readString(firstTrial.resolve("summary.json")), "a finished trial is kept");
        Summary before = new com.fasterxml.jackson.databind.ObjectMapper().setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .readValue(secondSummary, Summary.class);
        Summary after = Summary.read(second.resolve("summary.json"));
        assertEquals(before.sequences(), after.sequences(), "resumed from its checkpoint to the same end");
        assertEquals(before.test(), after.test());
        assertTrue(Files.readString(dir.resolve("trials.json")).contains("\"seed\" : " + (c.seed() + 2)));
    }

    static Path onlyMatching(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, all.size(), prefix + ": " + all);
            return all.get(0);
        }
    }

    static Path onlyDirectory(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> s = Files.list(runs)) {
            return s.findFirst().orElse(null);
        }
    }
}
