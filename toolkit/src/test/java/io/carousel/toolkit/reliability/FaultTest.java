package io.carousel.toolkit.reliability;

import static io.carousel.toolkit.cli.MainTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.toolkit.BadInputException;
import io.carousel.toolkit.EchoTask;
import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.ProjectPaths;
import io.carousel.toolkit.cli.MainTest.Outcome;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.model.NetworkFactory;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.train.Checkpoints;
import io.carousel.toolkit.train.Trainer;
import io.carousel.toolkit.train.TrainingOutcome;
import io.carousel.toolkit.train.TrainingState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Divergence, a full disk, unusable run directories and resumes that must be refused. */
class FaultTest {

    @TempDir
    Path tmp;


    /** The training section under test; the network is built for {@link EchoTask} (the task section is a stand-in). */
    static final String ECHO = """
            seed: 3
            task: {type: reber}
            model:
              layers: [{type: lstm, units: 4}]
              output: {at: every}
            training:
              batch_size: 8
              max_sequences: 4000
              stop: max_sequences
              checkpoint_every: 40
              keep_checkpoints: 2
            """;

    /** Echo, whose inputs become NaN from the {@code from}-th batch drawn. */
    record NanFrom(EchoTask echo, int from, int[] drawn) implements Task {
        @Override
        public String name() {
            return "nan-echo";
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public Labels labels() {
            return Labels.EVERY_STEP;
        }

        @Override
        public DataSet batch(int size, long seed) {
            DataSet d = echo.batch(size, seed);
            if (++drawn[0] >= from) {
                d.getFeatures().putScalar(0, 0, 0, Double.NaN);
            }
            return d;
        }

        @Override
        public Verdict judge(DataSet batch, INDArray predictions) {
            return echo.judge(batch, predictions);
        }

        @Override
        public StoppingRule stoppingRule() {
            return echo.stoppingRule();
        }
    }

    @Test
    void divergenceStopsAtOnceAndKeepsTheLastGoodCheckpoint() throws Exception {
        ExperimentConfig c = ConfigLoader.parse(ECHO, "echo.yaml", "echo", List.of());
        // the first batch drawn is the validation set; the 22nd is the 21st training batch
        Task task = new NanFrom(new EchoTask(10), 22, new int[1]);
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 3);
        Checkpoints checkpoints = new Checkpoints(tmp.resolve("checkpoints"), 2);
        TrainingOutcome outcome = new Trainer(c.training(), 3, List.of()).checkpointingTo(checkpoints, 40)
                .train(net, task);
        assertEquals(TrainingOutcome.StopReason.DIVERGED, outcome.stopReason());
        assertEquals(21, outcome.iterations(), "stopped at the first NaN batch");
        assertEquals(168, outcome.sequences());
        // checkpoints after 40, 80, 120, 160 sequences; the last two kept; none after the NaN
        assertEquals(List.of("checkpoint-000000000120.zip", "checkpoint-000000000160.zip"),
                checkpoints.list().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(checkpoints.latest().orElseThrow(), outcome.lastCheckpoint());
        TrainingState.Loaded good = TrainingState.read(outcome.lastCheckpoint());
        assertTrue(Double.isFinite(good.network().params().sumNumber().doubleValue()));
        assertEquals(160, good.state().sequences());
    }

    @Test
    void theCommandLineSaysWhereItDivergedOnOneLine() throws IOException {
        Path runs = tmp.resolve("runs");
        Outcome o = cli("run", ProjectPaths.configs().resolve("adding.yaml").toString(), "--runs-dir", runs.toString(),
                "--no-progress", "--set", "task.length=20", "--set", "training.optimizer.type=sgd",
                "--set", "training.optimizer.learning_rate=100", "--set", "model.output.activation=identity",
                "--set", "training.checkpoint_every=64");
        assertEquals(1, o.code(), o.err());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).matches("diverged: the loss or a weight became NaN or infinite at iteration \\d+ "
                + "\\([\\d,]+ sequences\\); the last good checkpoint is .*checkpoint-\\d{12}\\.zip; continue from "
                + "it with `resume .*`"), lines.get(0));
        Path dir = only(runs);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"stop_reason\" : \"diverged\""));
        assertFalse(Files.exists(dir.resolve("model.zip")), "no diverged model is saved as the result");

        // resume starts again from the last good checkpoint, with the learning rate asked for
        Outcome again = cli("resume", dir.toString(), "--no-progress", "--set",
                "training.optimizer.learning_rate=0.01");
        assertTrue(again.code() == 0 || again.code() == 1, again.err());
        assertTrue(Files.readString(dir.resolve("config.yaml")).contains("learning_rate: 0.01"));
        assertTrue(Files.readString(dir.resolve("config-before-resume.yaml")).contains("learning_rate: 100"));
    }

    @Test
    void aFullDiskWhileCheckpointingLeavesThePreviousCheckpointIntact() throws Exception {
        Path dir = tmp.resolve("checkpoints");
        int[] writes = {0};
        Checkpoints.Opener fillsUp = file -> {
            OutputStream real = Files.newOutputStream(file);
            boolean full = ++writes[0] >= 3;
            return new OutputStream() {
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (full && written + len > 1000) {
                        throw new IOException("No space left on device");
                    }
                    written += len;
                    real.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        };
        ExperimentConfig c = ConfigLoader.parse(ECHO, "echo.yaml", "echo", List.of());
        Task task = new EchoTask(10);
        MultiLayerNetwork net = NetworkFactory.create(c.model(), c.training(), task, 3);
        Checkpoints checkpoints = new Checkpoints(dir, 2, fillsUp);
        Checkpoints.CheckpointException e = assertThrows(Checkpoints.CheckpointException.class,
                () -> new Trainer(c.training(), 3, List.of()).checkpointingTo(checkpoints, 40).train(net, task));
        assertTrue(e.getMessage().startsWith("cannot write checkpoint " + dir.resolve("checkpoint-000000000120.zip")
                + ": No space left on device; the previous checkpoint, " + dir.resolve("checkpoint-000000000080.zip")
                + ", is intact"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("checkpoint-000000000040.zip", "checkpoint-000000000080.zip"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no partial file left behind");
        }
        assertEquals(80, TrainingState.read(dir.resolve("checkpoint-000000000080.zip")).state().sequences());
    }

    @Test
    void anUnusableRunsDirectoryIsRefusedBeforeTraining() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        Outcome o = cli("run", ProjectPaths.configs().resolve("adding.yaml").toString(), "--runs-dir",
                file.resolve("runs").toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().startsWith("cannot create a run directory in " + file.resolve("runs") + ": "), o.err());
    }

    @Test
    void runsStartedTogetherGetDistinctDirectories() throws Exception {
        Path runs = tmp.resolve("together");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<RunDirectory>> made = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                made.add(pool.submit(() -> RunDirectory.create(runs, "same")));
            }
            java.util.Set<Path> dirs = new java.util.HashSet<>();
            for (var f : made) {
                dirs.add(f.get().path());
            }
            assertEquals(16, dirs.size(), "16 runs, 16 directories: " + dirs);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resumeRefusesWhatItCannotContinue() throws Exception {
        ExperimentConfig c = ResumeTest.config(false);
        Experiment.Result done = Experiment.run(c, tmp.resolve("runs"), List.of());
        BadInputException finished = assertThrows(BadInputException.class,
                () -> Experiment.resume(done.directory(), List.of(), List.of()));
        assertTrue(finished.getMessage().endsWith(": the run has finished; there is nothing to resume"));

        RunDirectory stopped = RunDirectory.create(tmp.resolve("stopped"), c.name());
        assertThrows(ResumeTest.Stopped.class,
                () -> Experiment.run(c, stopped, List.of(new ResumeTest.StopAtCheckpoint(1))));
        BadInputException model = assertThrows(BadInputException.class,
                () -> Experiment.resume(stopped, List.of("model.layers[0].units=7"), List.of()));
        assertTrue(model.getMessage().contains("resume may change training keys only"), model.getMessage());

        Outcome notRun = cli("resume", tmp.toString());
        assertEquals(2, notRun.code());
        assertEquals(tmp + ": not a run directory (it has no config.yaml)", notRun.err().strip());
    }

    static Path only(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            assertNotNull(all.get(0));
            return all.get(0);
        }
    }
}
