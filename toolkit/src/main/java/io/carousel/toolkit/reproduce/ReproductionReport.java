package io.carousel.toolkit.reproduce;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.carousel.tasks.hs97.NoisySignal;
import io.carousel.toolkit.config.Choice;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.config.LayerSpec;
import io.carousel.toolkit.config.OptimizerSpec;
import io.carousel.toolkit.report.AtomicFiles;
import io.carousel.toolkit.report.Summary;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code reproduction.md}, {@code reproduction.csv} and {@code reproduction.png}: per row, our trials beside the
 * 1997 paper's numbers. Writes reports only; never trains.
 */
public final class ReproductionReport {

    public static final String MARKDOWN = "reproduction.md";
    public static final String CSV = "reproduction.csv";
    public static final String CHART = "reproduction.png";

    private static final String[] CSV_COLUMNS = {"config", "paper_row", "experiment", "setting", "model",
        "learning", "trials_done", "trials_planned", "solved", "success_rate", "sequences_mean", "sequences_median",
        "sequences_min", "sequences_max", "budget", "paper_sequences", "paper_range", "paper_success",
        "paper_trials", "ratio_to_paper", "test_sequences", "test_wrong_mean", "paper_test_wrong", "test_mse_mean",
        "paper_test_mse", "fraction_wrong_mean", "paper_fraction_wrong", "st1_mean", "paper_st1", "st2_mean",
        "paper_st2", "trial_seconds_total"};

    private ReproductionReport() {
    }

    /**
     * Our figures for one row, over the trials finished so far.
     *
     * @param sequences each solved trial's count comparable with the paper's ({@link PaperTable.Row#counts()}),
     *                  ascending
     */
    public record RowStats(Reproduction.Row row, List<Summary> trials, int solved, List<Long> sequences,
                           double testWrongMean, int testSequences, double testMseMean, double fractionWrongMean,
                           double st1Mean, double st2Mean, double seconds) {

        static RowStats of(Reproduction.Row row, List<Summary> trials) {
            List<Long> counts = trials.stream().map(t -> row.paper().comparableSequences(t))
                    .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).sorted()
                    .toList();
            return new RowStats(row, List.copyOf(trials), (int) trials.stream().filter(Summary::solved).count(),
                    counts, mean(trials.stream().mapToDouble(s -> s.test().wrong())),
                    trials.isEmpty() ? 0 : trials.get(0).test().sequences(),
                    mean(trials.stream().mapToDouble(s -> s.test().mse())),
                    mean(trials.stream().mapToDouble(s -> s.test().fractionWrong())),
                    milestone(trials, NoisySignal.ST1), milestone(trials, NoisySignal.ST2),
                    trials.stream().mapToDouble(Summary::wallSeconds).sum());
        }

        public int done() {
            return trials.size();
        }

        /** Mean of {@link #sequences()}; NaN if none solved. */
        public double meanSequences() {
            return mean(sequences.stream().mapToDouble(Long::doubleValue));
        }

        public double medianSequences() {
            int n = sequences.size();
            return n == 0 ? Double.NaN : n % 2 == 1 ? sequences.get(n / 2)
                    : (sequences.get(n / 2 - 1) + sequences.get(n / 2)) / 2.0;
        }

        private static double milestone(List<Summary> trials, String key) {
            return mean(trials.stream().filter(s -> s.milestones() != null && s.milestones().containsKey(key))
                    .mapToDouble(s -> s.milestones().get(key)));
        }

        private static double mean(DoubleStream values) {
            OptionalDouble m = values.average();
            return m.isPresent() ? m.getAsDouble() : Double.NaN;
        }
    }

    /** Rewrites the three report files in {@code out} from the finished trials. */
    public static void write(Path out, List<Reproduction.Row> rows, Map<Reproduction.Row, List<Summary>> trials)
            throws IOException {
        List<RowStats> stats = rows.stream().map(r -> RowStats.of(r, trials.getOrDefault(r, List.of()))).toList();
        AtomicFiles.writeString(out.resolve(MARKDOWN), markdown(stats));
        AtomicFiles.writeString(out.resolve(CSV), csv(stats));
        AtomicFiles.writePng(out.resolve(CHART), chart(stats));
    }

    static String markdown(List<RowStats> rows) {
        StringBuilder md = new StringBuilder("# Long Short-Term Memory (1997), reproduced\n\n");
        md.append("Ours beside the numbers of ").append(PaperTable.get().source()).append(". Written by `carousel ")
                .append("reproduce` on ").append(LocalDate.now()).append(".\n\n");
        int done = rows.stream().mapToInt(RowStats::done).sum();
        int planned = rows.stream().mapToInt(r -> r.row().trials()).sum();
        double seconds = rows.stream().mapToDouble(RowStats::seconds).sum();
        md.append(String.format(Locale.ROOT, "- Machine: %s. ND4J backend: %s.%n", machine(), backends(rows)));
        md.append(String.format(Locale.ROOT, "- Trials finished: %d of %d; their run time added up: %s (trials ran "
                + "side by side, so the wall-clock time was shorter).%n", done, planned, duration(seconds)));
        md.append("- Unit: training sequences until the row's stopping criterion held (ours: iterations x batch "
                + "size), the paper's unit. Ours are over the solved trials; the paper's as it reports them. "
                + "Experiment 2's criterion asks for 10,000 successive correct sequences, yet the paper reports 2a "
                + "solved after 5,040: it counts the sequences before that streak, and for experiment 2 so do we "
                + "(\"before the streak\"; our runs go on until the streak is complete).\n");
        md.append("- Cells and learning: the paper trained its 1997 cell (no forget gate) online, one sequence at a "
                + "time, with a truncated RTRL-like gradient. We train by full back-propagation through time, in "
                + "mini-batches of the size each row names (batch 1 is online, one sequence at a time), with the "
                + "row's cell and optimiser; `lstm` is the modern cell with a "
                + "forget gate, `lstm_1997` the paper's own cell.\n\n");
        md.append("| config | paper row | our model, learning | trials | solved | ours: sequences mean (median, "
                + "range) | paper | ours / paper | ours: test | paper: test |\n");
        md.append("|---|---|---|---:|---:|---|---|---:|---|---|\n");
        for (RowStats r : rows) {
            PaperTable.Row p = r.row().paper();
            md.append("| ").append(r.row().config().name()).append(" | ").append(p.id()).append(" | ")
                    .append(model(r.row().config())).append("; ").append(learning(r.row().config())).append(" | ")
                    .append(r.done()).append(r.done() < r.row().trials() ? " of " + r.row().trials() : "")
                    .append(" | ").append(r.done() == 0 ? "-" : r.solved() + " of " + r.done())
                    .append(" | ").append(ourSequences(r)).append(" | ").append(paperSequences(p))
                    .append(" | ").append(ratio(r)).append(" | ").append(ourTest(r)).append(" | ")
                    .append(paperTest(p)).append(" |\n");
        }
        md.append("\n![sequences until success, ours against the paper's](").append(CHART).append(")\n");
        List<String> notes = notes(rows);
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static List<String> notes(List<RowStats> rows) {
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RowStats r : rows) {
            PaperTable.Row p = r.row().paper();
            if (p.others() != null && seen.add(p.id())) {
                notes.add(p.id() + ", other methods in the paper: " + p.others() + ".");
            }
            if (!p.uncertain().isEmpty() && seen.add(p.id() + "?")) {
                notes.add(p.id() + ": the transcription could not confirm the paper's " + String.join(", ",
                        p.uncertain()) + " (marked ?).");
            }
            if (r.done() > 0 && r.solved() < r.done()) {
                notes.add(String.format(Locale.ROOT, "%s: %d of %d trials did not meet the criterion within the "
                        + "budget of %,d sequences%s.", r.row().config().name(), r.done() - r.solved(), r.done(),
                        r.row().config().training().maxSequences(),
                        p.stoppedAt() != null ? " (as in the paper, this row has no criterion: training runs to the "
                                + "budget)" : ""));
            }
            double ratio = ratioValue(r);
            if (Double.isFinite(ratio) && ratio > 1) {
                notes.add(String.format(Locale.ROOT, "%s: ours (%s) needed more training sequences than the "
                        + "paper's LSTM (%.2f times as many).", r.row().config().name(), model(r.row().config()),
                        ratio));
            }
            if (r.done() > 0 && r.done() < r.row().trials()) {
                notes.add(String.format(Locale.ROOT, "%s: %d of the %d planned trials finished; one trial of this "
                        + "row took %s on average here.", r.row().config().name(), r.done(), r.row().trials(),
                        duration(r.seconds() / r.done())));
            }
            if (p.trials() != null && r.row().trials() < p.trials()) {
                notes.add(String.format(Locale.ROOT, "%s: %d trials planned where the paper ran %d.",
                        r.row().config().name(), r.row().trials(), p.trials()));
            }
        }
        return notes;
    }

    static String csv(List<RowStats> rows) {
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (RowStats r : rows) {
            PaperTable.Row p = r.row().paper();
            ExperimentConfig c = r.row().config();
            List<Object> v = List.of(c.name(), p.id(), p.experiment(), p.setting(), model(c), learning(c), r.done(),
                    r.row().trials(), r.solved(), r.done() == 0 ? "" : (double) r.solved() / r.done(),
                    num(r.meanSequences()), num(r.medianSequences()),
                    r.sequences().isEmpty() ? "" : r.sequences().get(0),
                    r.sequences().isEmpty() ? "" : r.sequences().get(r.sequences().size() - 1),
                    c.training().maxSequences(), opt(p.reportedSequences().orElse(null)),
                    p.range().stream().map(String::valueOf).collect(Collectors.joining("-")), opt(p.success()),
                    opt(p.trials()), num(ratioValue(r)), r.testSequences(), num(r.testWrongMean()),
                    opt(p.testWrong()), num(r.testMseMean()), opt(p.testMse()), num(r.fractionWrongMean()),
                    opt(p.fractionWrong()), num(r.st1Mean()), opt(p.st1()), num(r.st2Mean()), opt(p.st2()),
                    num(r.seconds()));
            csv.append(v.stream().map(ReproductionReport::csvCell).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    static CategoryChart chart(List<RowStats> rows) {
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 60 * rows.size())).height(600)
                .title("Training sequences until success (log scale)").xAxisTitle("row").yAxisTitle("sequences")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        List<String> names = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> paper = new ArrayList<>();
        for (RowStats r : rows) {
            names.add(r.row().config().name());
            double o = r.meanSequences();
            ours.add(Double.isFinite(o) && o > 0 ? o : Double.NaN);
            paper.add(r.row().paper().reportedSequences().orElse(Double.NaN));
        }
        // Bars rise from the axis minimum. XChart's log axis takes no zero, null or NaN and every series must cover
        // every row, so a missing value becomes the axis minimum itself: a bar of no height.
        double min = Stream.concat(ours.stream(), paper.stream()).filter(v -> !v.isNaN())
                .mapToDouble(Double::doubleValue).min().orElse(1.0);
        double floor = Math.pow(10, Math.floor(Math.log10(min)));
        chart.getStyler().setYAxisMin(floor);
        chart.addSeries("ours (mean over solved trials)", names, ours.stream().map(v -> v.isNaN() ? floor : v)
                .toList());
        chart.addSeries("paper (1997)", names, paper.stream().map(v -> v.isNaN() ? floor : v).toList());
        return chart;
    }

    // ------------------------------------------------------------------------------------------------ cells

    static String model(ExperimentConfig c) {
        return c.model().layers().stream().map(ReproductionReport::layer).collect(Collectors.joining(" + "));
    }

    private static String layer(LayerSpec l) {
        if (l instanceof LayerSpec.Bidirectional b) {
            return "bidirectional " + layer(b.layer());
        }
        return typeName(l) + " " + l.width();
    }

    private static String typeName(LayerSpec l) {
        for (JsonSubTypes.Type t : LayerSpec.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == l.getClass()) {
                return t.name();
            }
        }
        return l.getClass().getSimpleName();
    }

    static String learning(ExperimentConfig c) {
        OptimizerSpec o = c.training().optimizer();
        return String.format(Locale.ROOT, "%s lr %s, batch %d, full BPTT", Choice.yamlName(o.type()),
                trim(o.learningRate()), c.training().batchSize());
    }

    private static String ourSequences(RowStats r) {
        if (r.done() == 0) {
            return "(not run yet)";
        }
        if (r.row().paper().stoppedAt() != null && r.solved() == 0) {
            return String.format(Locale.ROOT, "stopped at %,d (no criterion; compare the tests)",
                    r.row().config().training().maxSequences());
        }
        if (r.solved() == 0) {
            return String.format(Locale.ROOT, "none within %,d", r.row().config().training().maxSequences());
        }
        List<Long> n = r.sequences();
        String counted = PaperTable.STREAK_START.equals(r.row().paper().counts()) ? " before the streak" : "";
        return String.format(Locale.ROOT, "%,.0f (%,.0f, %,d-%,d)%s", r.meanSequences(), r.medianSequences(),
                n.get(0), n.get(n.size() - 1), counted);
    }

    private static String paperSequences(PaperTable.Row p) {
        StringBuilder s = new StringBuilder();
        if (p.sequences() != null) {
            s.append(String.format(Locale.ROOT, "%,.0f", p.sequences()));
            if (p.range().size() == 2) {
                s.append(String.format(Locale.ROOT, " (%,d-%,d)", p.range().get(0), p.range().get(1)));
            }
        } else if (p.st2() != null) {
            s.append(String.format(Locale.ROOT, "ST2 after %,d", p.st2()));
        } else if (p.stoppedAt() != null) {
            s.append(String.format(Locale.ROOT, "stopped at %,d", p.stoppedAt()));
        } else {
            s.append("-");
        }
        if (p.success() != null) {
            s.append(String.format(Locale.ROOT, ", %.0f%% of trials", 100 * p.success()));
        }
        if (p.trials() != null) {
            s.append(String.format(Locale.ROOT, ", %d trials", p.trials()));
        }
        return s.toString();
    }

    private static double ratioValue(RowStats r) {
        double ours = r.meanSequences();
        return r.row().paper().reportedSequences().map(p -> ours / p).orElse(Double.NaN);
    }

    private static String ratio(RowStats r) {
        double x = ratioValue(r);
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2f", x) : "-";
    }

    private static String ourTest(RowStats r) {
        if (r.done() == 0) {
            return "-";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "wrong %s of %,d (fraction %.3g), MSE %.3g",
                trim(r.testWrongMean()), r.testSequences(), r.fractionWrongMean(), r.testMseMean()));
        if (Double.isFinite(r.st1Mean())) {
            s.append(String.format(Locale.ROOT, "; ST1 after %,.0f", r.st1Mean()));
        }
        if (Double.isFinite(r.st2Mean())) {
            s.append(String.format(Locale.ROOT, ", ST2 after %,.0f", r.st2Mean()));
        }
        return s.toString();
    }

    private static String paperTest(PaperTable.Row p) {
        List<String> parts = new ArrayList<>();
        String q = " (?)";
        if (p.testWrong() != null) {
            parts.add("wrong " + p.testWrong() + " of 2,560" + (p.isUncertain("test_wrong") ? q : ""));
        }
        if (p.fractionWrong() != null) {
            parts.add("fraction " + plain(p.fractionWrong()));
        }
        if (p.testMse() != null) {
            parts.add("MSE " + plain(p.testMse()));
        }
        if (p.st1() != null) {
            parts.add(String.format(Locale.ROOT, "ST1 after %,d", p.st1()));
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    // ------------------------------------------------------------------------------------------------ format

    /** The machine writing the report (where the trials ran, unless they were copied from elsewhere). */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%s, %d cores, %s, %s %s, Java %s", cpuModel(), rt.availableProcessors(),
                memory(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"));
    }

    private static String memory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.0f GiB memory",
                            Long.parseLong(l.replaceAll("\\D", "")) / (1024.0 * 1024)))
                    .orElse("unknown memory");
        } catch (IOException | RuntimeException e) {
            return "unknown memory";
        }
    }

    /** Backends and threads the finished trials ran on, from their summaries. */
    static String backends(List<RowStats> rows) {
        Set<String> seen = new TreeSet<>();
        rows.forEach(r -> r.trials().forEach(t -> seen.add(t.backend() + ", " + t.threads()
                + (t.threads() == 1 ? " thread" : " threads") + " per trial")));
        return seen.isEmpty() ? "none yet" : String.join("; ", seen);
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? String.format(Locale.ROOT, "%.1f min", s / 60.0)
                : String.format(Locale.ROOT, "%.2f h", s / 3600.0);
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : new BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }

    /** A number as the paper prints it: 0.000195, not 1.95E-4. */
    private static String plain(double v) {
        return BigDecimal.valueOf(v).toPlainString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "";
    }

    private static String opt(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static String csvCell(Object v) {
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
