package io.carousel.toolkit.train;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Verdict;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar (sequences/s, loss, the stopping rule's state) on a terminal, a plain line
 * per evaluation otherwise (logs, CI, pipes).
 */
public final class ProgressMonitor implements TrainingMonitor {

    private final PrintWriter out;
    private final boolean terminal;
    private ProgressBar bar;
    /** The stopping rule, read only when something is shown. */
    private StoppingRule rule;
    private int batches;
    /** Exponential moving average of the fraction correct, over roughly the last 50 batches. */
    private double correct = Double.NaN;

    /** {@code terminal}: draw a bar on standard error (true) or print plain lines to {@code out} (false). */
    public ProgressMonitor(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Draws a bar when both standard streams are a terminal. */
    public static ProgressMonitor forConsole(PrintWriter out) {
        return new ProgressMonitor(out, System.console() != null);
    }

    @Override
    public void onStart(long budget) {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(budget)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" seq", 1).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        }
    }

    @Override
    public void onBatch(long sequences, double loss, Verdict verdict, StoppingRule rule, double elapsedSeconds) {
        batches++;
        correct = Double.isNaN(correct) ? verdict.fractionCorrect() : 0.98 * correct + 0.02 * verdict.fractionCorrect();
        this.rule = rule;
        if (bar != null && batches % 8 == 0) {
            bar.stepTo(sequences);
            bar.setExtraMessage(String.format(Locale.ROOT, " | loss %.4g%s%s", loss,
                    Double.isNaN(correct) ? "" : String.format(Locale.ROOT, " | correct %.1f%%", 100 * correct),
                    rule.progress().isEmpty() ? "" : " | " + rule.progress()));
        }
    }

    @Override
    public void onEvaluation(MetricsRow row) {
        if (bar == null) {
            String state = rule == null ? "" : rule.progress();
            out.printf(Locale.ROOT, "%,d sequences (%.0f/s): loss %.4g%s, validation MSE %.4g%s%n",
                    row.sequences(), row.sequences() / Math.max(row.elapsedSeconds(), 1e-9), row.loss(),
                    Double.isNaN(row.fractionCorrect()) ? ""
                            : String.format(Locale.ROOT, ", correct %.1f%%", 100 * row.fractionCorrect()),
                    row.validationMse(), state.isEmpty() ? "" : ", " + state);
            out.flush();
        }
    }

    @Override
    public void onFinish(TrainingOutcome outcome) {
        if (bar != null) {
            bar.stepTo(outcome.sequences());
            bar.close();
        }
    }
}
