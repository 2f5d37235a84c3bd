package io.carousel.toolkit.sweep;

import io.carousel.toolkit.Trials;
import io.carousel.toolkit.report.AtomicFiles;
import io.carousel.toolkit.report.Summary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A sweep's results, one row per point: {@code sweep.csv}, {@code sweep.md} and {@code sweep.png}. Only what a run
 * computes goes in (no times), so the same sweep gives the same files wherever its runs ran.
 */
public final class SweepReport {

    public static final String CSV = "sweep.csv";
    public static final String MARKDOWN = "sweep.md";
    public static final String CHART = "sweep.png";

    private SweepReport() {
    }

    /** Per point: its trials' statistics and the standard deviation of sequences until success. */
    record Row(int point, List<Summary> trials, Trials.Stats stats, double sdSequences) {
    }

    static List<Row> rows(SweepPlan plan, Map<Integer, List<Summary>> byPoint) {
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < plan.points().size(); p++) {
            List<Summary> trials = byPoint.getOrDefault(p, List.of());
            if (trials.isEmpty()) {
                continue;
            }
            Trials.Stats st = Trials.stats(trials, 0);
            double[] solved = trials.stream().filter(Summary::solved).mapToDouble(Summary::sequences).toArray();
            double sd = Double.NaN;
            if (solved.length > 1) {
                double mean = st.meanSequences();
                double ss = 0;
                for (double x : solved) {
                    ss += (x - mean) * (x - mean);
                }
                sd = Math.sqrt(ss / (solved.length - 1));
            }
            rows.add(new Row(p, trials, st, sd));
        }
        return rows;
    }

    /** Writes the three files into {@code out} from the finished runs so far, by point (in seed order). */
    public static void write(Path out, SweepPlan plan, Map<Integer, List<Summary>> byPoint) throws IOException {
        List<Row> rows = rows(plan, byPoint);
        AtomicFiles.writeString(out.resolve(CSV), csv(plan, rows));
        AtomicFiles.writeString(out.resolve(MARKDOWN), markdown(plan, rows));
        chart(out.resolve(CHART), plan, rows);
    }

    static String csv(SweepPlan plan, List<Row> rows) {
        StringBuilder csv = new StringBuilder("point");
        plan.keys().forEach(k -> csv.append(',').append(k));
        csv.append(",trials,solved,success_rate,mean_sequences,sd_sequences,median_sequences,min_sequences,"
                + "max_sequences,mean_test_wrong,mean_test_mse\n");
        for (Row r : rows) {
            csv.append(r.point() + 1);
            plan.keys().forEach(k -> csv.append(',').append(plan.points().get(r.point()).get(k)));
            Trials.Stats st = r.stats();
            double mse = r.trials().stream().mapToDouble(s -> s.test().mse()).average().orElse(Double.NaN);
            csv.append(String.format(Locale.ROOT, ",%d,%d,%.4f,%.1f,%.1f,%.1f,%d,%d,%.3f,%.6g%n", st.trials(),
                    st.solved(), st.successRate(), st.meanSequences(), r.sdSequences(), st.medianSequences(),
                    st.minSequences(), st.maxSequences(), st.meanTestWrong(), mse));
        }
        return csv.toString();
    }

    static String markdown(SweepPlan plan, List<Row> rows) {
        StringBuilder md = new StringBuilder("# Sweep " + plan.name() + "\n\n");
        int total = plan.runs().size();
        int done = rows.stream().mapToInt(r -> r.trials().size()).sum();
        md.append(String.format(Locale.ROOT, "%d of %d runs finished: %s over %s.%n%n", done, total, plan.shape(),
                String.join(", ", plan.keys())));
        md.append("| point | values | solved | sequences until solved: mean ± sd | median | range | test wrong "
                + "(mean) | test MSE (mean) |\n|---:|---|---|---:|---:|---|---:|---:|\n");
        for (Row r : rows) {
            Trials.Stats st = r.stats();
            double mse = r.trials().stream().mapToDouble(s -> s.test().mse()).average().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "| %d | %s | %d of %d | %s | %s | %s | %.1f | %.3g |%n", r.point() + 1,
                    plan.label(r.point()), st.solved(), st.trials(),
                    st.solved() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f ± %,.0f", st.meanSequences(),
                            Double.isNaN(r.sdSequences()) ? 0 : r.sdSequences()),
                    st.solved() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", st.medianSequences()),
                    st.solved() == 0 ? "-" : String.format(Locale.ROOT, "%,d-%,d", st.minSequences(),
                            st.maxSequences()), st.meanTestWrong(), mse));
        }
        return md.append("\n![sweep](").append(CHART).append(")\n").toString();
    }

    static void chart(Path file, SweepPlan plan, List<Row> rows) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("sweep " + plan.name())
                .xAxisTitle("point").yAxisTitle("sequences until solved (mean of solved trials)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisDecimalPattern("#,###");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Row r : rows) {
            labels.add((r.point() + 1) + " (" + r.stats().solved() + "/" + r.stats().trials() + ")");
            values.add(r.stats().solved() == 0 ? 0.0 : r.stats().meanSequences());
        }
        if (labels.isEmpty()) {
            labels.add("none yet");
            values.add(0.0);
        }
        chart.addSeries("mean sequences", labels, values);
        AtomicFiles.writePng(file, chart);
    }
}
