package io.carousel.tasks;

import java.util.Locale;

/**
 * "Stop when the mean training error is below a bound and the last {@code window} training sequences were all
 * correct": the rule of Hochreiter &amp; Schmidhuber (1997), section 5, experiments 4 and 6.
 *
 * <p>Our choice, not the paper's: "mean training error" is the mean of the per-sequence squared errors over the same
 * window of recent sequences.
 */
public final class RecentWindowRule implements StoppingRule {

    private final int window;
    private final double maxMeanError;
    private final double[] recentErrors;
    private int seen;
    private int next;
    private double errorSum;
    private int correctStreak;

    public RecentWindowRule(int window, double maxMeanError) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
        this.maxMeanError = maxMeanError;
        this.recentErrors = new double[window];
    }

    @Override
    public void observe(Verdict batch) {
        boolean[] correct = batch.correct();
        double[] errors = batch.squaredError();
        for (int i = 0; i < correct.length; i++) {
            correctStreak = correct[i] ? correctStreak + 1 : 0;
            errorSum += errors[i] - recentErrors[next];
            recentErrors[next] = errors[i];
            next = (next + 1) % window;
            seen++;
            if (next == 0) {
                // Re-sum once per lap so that rounding cannot drift over millions of sequences.
                errorSum = 0;
                for (double e : recentErrors) {
                    errorSum += e;
                }
            }
        }
    }

    /** Mean squared error over the last {@code window} sequences (or all of them, before the window fills). */
    public double meanError() {
        int n = Math.min(seen, window);
        return n == 0 ? Double.NaN : errorSum / n;
    }

    public int correctStreak() {
        return correctStreak;
    }

    @Override
    public boolean satisfied() {
        return correctStreak >= window && meanError() < maxMeanError;
    }

    @Override
    public String progress() {
        return String.format(Locale.ROOT, "streak %d/%d, mean err %.4f", Math.min(correctStreak, window), window,
                meanError());
    }
}
