package io.carousel.toolkit.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.toolkit.Experiment;
import io.carousel.toolkit.config.ConfigException;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.reliability.ResumeTest;
import io.carousel.toolkit.report.RunDirectory;
import io.carousel.toolkit.report.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproductionTest {

    @TempDir
    Path tmp;

    private static final String TINY = """
            name: tiny-adding
            reproduces: 4-adding-t100
            seed: 5
            task: {type: adding, length: 10}
            model:
              layers: [{type: lstm, units: 4}]
              output: {activation: sigmoid}
            training:
              batch_size: 32
              max_sequences: 128
              stop: max_sequences
              eval_every: 64
              eval_sequences: 32
              test_sequences: 64
            """;

    private static Reproduction.Row row(int trials) throws ConfigException {
        ExperimentConfig c = ConfigLoader.parse(TINY, "tiny.yaml", "tiny", List.of());
        return new Reproduction.Row(Path.of("tiny.yaml"), c, PaperTable.get().row("4-adding-t100").orElseThrow(),
                trials);
    }

    @Test
    void thePaperTableHoldsEveryRowAsTranscribed() {
        PaperTable t = PaperTable.get();
        assertTrue(t.source().contains("Neural Computation 9(8)"), t.source());
        // Experiments 1 (2 rows), 2 (2 + 9), 3 (8), 4 (3, and Bai et al.'s T = 600), 5 (2), 6 (2).
        assertEquals(29, t.rows().size());
        PaperTable.Row r = t.row("2c-q1000-p50").orElseThrow();
        assertEquals(203_000, r.sequences());
        assertEquals(20, r.defaultTrials());
        PaperTable.Row adding = t.row("4-adding-t1000").orElseThrow();
        assertEquals(List.of(370_000L, 2_020_000L), adding.range());
        assertTrue(t.row("4-adding-t500").orElseThrow().isUncertain("test_wrong"));
        PaperTable.Row noisy = t.row("3a-t100-n3").orElseThrow();
        assertEquals(27_380L, noisy.st1());
        assertEquals(39_850.0, noisy.reportedSequences().orElseThrow());
        assertEquals(PaperTable.DEFAULT_TRIALS, noisy.defaultTrials(), "the paper gives no trial count here");
        assertEquals(269_650.0, t.row("3c-t100-n3").orElseThrow().reportedSequences().orElseThrow());
    }

    @Test
    void anUnknownRowIsAConfigErrorWithASuggestion() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                TINY.replace("reproduces: 4-adding-t100", "reproduces: 4-adding-t10"), "tiny.yaml", "tiny",
                List.of()));
        String message = e.problems().get(0).toString();
        assertTrue(message.startsWith("tiny.yaml:2: reproduces: no row '4-adding-t10'"), message);
        assertTrue(message.contains("did you mean 4-adding-t100?"), message);
    }

    @Test
    void finishedTrialsAreKeptAndUnfinishedOnesRedone() throws Exception {
        Path out = tmp.resolve("repro");
        List<Reproduction.TrialDone> first = new ArrayList<>();
        Reproduction.Result r1 = Reproduction.run(List.of(row(2)), out, 2, first::add);
        assertEquals(2, first.size());
        assertTrue(first.stream().noneMatch(Reproduction.TrialDone::resumed));
        Path seed5 = out.resolve("tiny-adding/seed-5/summary.json");
        String before = Files.readString(seed5);
        assertEquals(List.of(5L, 6L), r1.trials().values().iterator().next().stream().map(Summary::seed).toList());

        // A killed run leaves a partial trial behind: it is redone, the finished ones are not.
        Path partial = Files.createDirectories(out.resolve("tiny-adding/seed-7.partial"));
        Files.writeString(partial.resolve("metrics.csv"), "half a file");
        List<Reproduction.TrialDone> second = new ArrayList<>();
        Reproduction.Result r2 = Reproduction.run(List.of(row(3)), out, 1, second::add);
        assertEquals(List.of(true, true, false), second.stream().map(Reproduction.TrialDone::resumed).toList());
        assertEquals(before, Files.readString(seed5), "a finished trial is not touched");
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(out.resolve("tiny-adding/seed-7/summary.json")));
        assertEquals(3, r2.trials().values().iterator().next().size());

        List<String> csv = Files.readAllLines(out.resolve(ReproductionReport.CSV));
        assertEquals(2, csv.size());
        assertTrue(csv.get(0).startsWith("config,paper_row,experiment,"), csv.get(0));
        assertTrue(csv.get(1).startsWith("tiny-adding,4-adding-t100,4,"), csv.get(1));
        String md = Files.readString(out.resolve(ReproductionReport.MARKDOWN));
        assertTrue(md.contains("| tiny-adding | 4-adding-t100 | lstm 4; adam lr 0.001, batch 32, full BPTT | 3 "
                + "| 0 of 3 | none within 128 |"), md);
        assertTrue(md.contains("74,000, 10 trials"), md);
        assertTrue(md.contains("tiny-adding: 3 of 3 trials did not meet the criterion within the budget of 128"), md);
        assertTrue(Files.size(out.resolve(ReproductionReport.CHART)) > 0);

        // The report alone, from the finished trials, running none.
        Files.delete(out.resolve(ReproductionReport.MARKDOWN));
        Reproduction.Result report = Reproduction.report(List.of(row(4)), out);
        assertEquals(3, report.trials().values().iterator().next().size());
        String partialMd = Files.readString(out.resolve(ReproductionReport.MARKDOWN));
        assertTrue(partialMd.contains("| 3 of 4 | 0 of 3 |"), partialMd);
        assertTrue(partialMd.contains("tiny-adding: 3 of the 4 planned trials finished; one trial of this row took "),
                partialMd);
        assertFalse(md.contains("planned trials finished"), "every planned trial finished: " + md);
        assertFalse(Files.exists(out.resolve("tiny-adding/seed-8")), "no trial ran");
    }

    @Test
    void aTrialInterruptedAfterACheckpointResumesFromIt() throws Exception {
        Reproduction.Row plain = row(1);
        Reproduction.Row row = new Reproduction.Row(plain.file(), plain.config().withTraining(
                plain.config().training().withCheckpoints(32, 2)), plain.paper(), 1);
        ExperimentConfig trial = Reproduction.trialConfig(row, 0);
        Experiment.Result straight = Experiment.run(trial, tmp.resolve("straight"), List.of());

        Path out = tmp.resolve("repro");
        Path partial = Files.createDirectories(out.resolve("tiny-adding/seed-5.partial"));
        assertThrows(ResumeTest.Stopped.class, () -> Experiment.run(trial, new RunDirectory(partial),
                List.of(new ResumeTest.StopAtCheckpoint(2))));
        Files.writeString(partial.resolve("marker"), "left by the interrupted run");

        Reproduction.run(List.of(row), out, 1, e -> { });
        Path finished = out.resolve("tiny-adding/seed-5");
        assertTrue(Files.exists(finished.resolve("marker")), "resumed in place, not started afresh");
        assertEquals(straight.summary().sequences(), Summary.read(finished.resolve("summary.json")).sequences());
        assertEquals(straight.summary().test(), Summary.read(finished.resolve("summary.json")).test());
    }

    @Test
    void threeTrialsOfEveryRowComeFirstThenTheRestRowByRow() throws Exception {
        Reproduction.Row a = row(5);
        Reproduction.Row b = new Reproduction.Row(Path.of("b.yaml"), a.config().withNameAndSeed("b", 1), a.paper(), 4);
        Reproduction.Row c = new Reproduction.Row(Path.of("c.yaml"), a.config().withNameAndSeed("c", 1), a.paper(), 1);
        List<String> order = Reproduction.order(List.of(a, b, c)).stream().map(t -> "abc".charAt(t[0]) + "" + t[1])
                .toList();
        assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "a2", "b2", "a3", "a4", "b3"), order);
    }

    @Test
    void trialsRunBreadthFirstAcrossRows() throws Exception {
        Reproduction.Row a = row(2);
        Reproduction.Row b = new Reproduction.Row(Path.of("b.yaml"), a.config().withNameAndSeed("tiny-b", 5),
                a.paper(), 2);
        List<String> order = new ArrayList<>();
        Reproduction.run(List.of(a, b), tmp.resolve("repro"), 1,
                e -> order.add(e.row().config().name() + "/" + e.index()));
        assertEquals(List.of("tiny-adding/0", "tiny-b/0", "tiny-adding/1", "tiny-b/1"), order);
    }

    @Test
    void aChangedConfigDoesNotMixWithTheOldOnesTrials() throws Exception {
        Path out = tmp.resolve("repro");
        Reproduction.run(List.of(row(1)), out, 1, e -> { });
        ExperimentConfig changed = ConfigLoader.parse(TINY.replace("units: 4", "units: 5"), "tiny.yaml", "tiny",
                List.of());
        Reproduction.Row row = new Reproduction.Row(Path.of("tiny.yaml"), changed,
                PaperTable.get().row("4-adding-t100").orElseThrow(), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Reproduction.run(List.of(row), out, 1, x -> { }));
        assertTrue(e.getMessage().startsWith("tiny.yaml differs from the config its finished trial"), e.getMessage());
    }

    @Test
    void theReportComparesSolvedTrialsWithThePaper() {
        Reproduction.Row row;
        try {
            row = row(10);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        List<Summary> trials = List.of(summary(1, 37_000, true, Map.of()), summary(2, 111_000, true, Map.of()),
                summary(3, 128, false, Map.of()));
        String md = ReproductionReport.markdown(List.of(ReproductionReport.RowStats.of(row, trials)));
        assertTrue(md.contains("| 3 of 10 | 2 of 3 | 74,000 (74,000, 37,000-111,000) | 74,000, 10 trials | 1.00 |"),
                md);
        assertTrue(md.contains("wrong 2 of 2,560"), md);
        String csv = ReproductionReport.csv(List.of(ReproductionReport.RowStats.of(row, trials)));
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().contains(",3,10,2,0.6666666666666666,74000.0,"),
                csv);
    }

    /** A row that needed more than the paper says so, naming our model (a baseline is compared with the LSTM). */
    @Test
    void theReportSaysWhereOursNeededMore() throws ConfigException {
        List<Summary> trials = List.of(summary(1, 100_000, true, Map.of()), summary(2, 122_000, true, Map.of()));
        String md = ReproductionReport.markdown(List.of(ReproductionReport.RowStats.of(row(10), trials)));
        assertTrue(md.contains("- tiny-adding: ours (lstm 4) needed more training sequences than the paper's LSTM "
                + "(1.50 times as many)."), md);
        String fewer = ReproductionReport.markdown(List.of(ReproductionReport.RowStats.of(row(10),
                List.of(summary(1, 37_000, true, Map.of())))));
        assertFalse(fewer.contains("needed more"), fewer);
    }

    @Test
    void theChartDrawsRowsWithAndWithoutResults() throws Exception {
        Reproduction.Row done = row(2);
        ExperimentConfig other = ConfigLoader.parse(TINY.replace("name: tiny-adding", "name: other"), "o.yaml", "o",
                List.of());
        Reproduction.Row notYet = new Reproduction.Row(Path.of("o.yaml"), other,
                PaperTable.get().row("2a-p100").orElseThrow(), 2);
        Reproduction.Row noPaperCount = new Reproduction.Row(Path.of("o.yaml"), other.withNameAndSeed("bai", 1),
                PaperTable.get().row("4-adding-t600-bai2018").orElseThrow(), 2);
        ReproductionReport.write(tmp, List.of(done, notYet, noPaperCount),
                Map.of(done, List.of(summary(1, 50_000, true, Map.of()))));
        assertTrue(Files.size(tmp.resolve(ReproductionReport.CHART)) > 1000);
        String md = Files.readString(tmp.resolve(ReproductionReport.MARKDOWN));
        assertTrue(md.contains("| other | 2a-p100 |"), md);
        assertTrue(md.contains("(not run yet)"), md);
    }

    private static Summary summary(long seed, long sequences, boolean solved, Map<String, Long> milestones) {
        return new Summary("tiny-adding", "adding", "cpu", 1, seed, sequences, sequences / 32, solved,
                solved ? "solved" : "budget", 1.0, 1.0, 1000, 100, milestones, new Summary.Test(2560, 2, 1e-4,
                2 / 2560.0));
    }
}
