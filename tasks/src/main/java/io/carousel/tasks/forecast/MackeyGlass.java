package io.carousel.tasks.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * The Mackey-Glass series: the delay-differential equation dx/dt = beta x(t - tau) / (1 + x(t - tau)^n) - gamma x(t)
 * of Mackey &amp; Glass (1977), "Oscillation and chaos in physiological control systems", Science 197. With
 * beta = 0.2, gamma = 0.1, n = 10 and tau = 17 it is chaotic, the benchmark used for LSTM in Gers, Eck &amp;
 * Schmidhuber (2001), "Applying LSTM to time series predictable through time-window approaches".
 *
 * <p>Our choices: fourth-order Runge-Kutta with step 0.1 (the delayed value at a half step is the mean of its two
 * neighbours), the history x(t) = 1.2 for t &lt;= 0, one sample per time unit, and the first {@link #WARM_UP} samples
 * dropped so that the series starts on the attractor. There is nothing random: the series is a pure function of
 * its parameters.
 */
public final class MackeyGlass {

    public static final double BETA = 0.2;
    public static final double GAMMA = 0.1;
    public static final double POWER = 10;
    public static final double INITIAL = 1.2;
    static final double STEP = 0.1;
    static final int STEPS_PER_SAMPLE = 10;
    /** Samples dropped at the start, while the series settles onto its attractor. */
    public static final int WARM_UP = 300;

    private MackeyGlass() {
    }

    /** {@code length} samples of the series with delay {@code tau} (time units), as a one-column series "x". */
    public static Series series(int length, int tau) {
        if (length < 1 || tau < 1) {
            throw new IllegalArgumentException("length and tau must be >= 1, got " + length + " and " + tau);
        }
        double[] x = generate(length, tau);
        List<String> times = new ArrayList<>(length);
        int[] lines = new int[length];
        for (int t = 0; t < length; t++) {
            times.add(Integer.toString(t));
            lines[t] = t + 2;
        }
        return new Series("mackey-glass(tau=" + tau + ")", "t", times, List.of("x"), 1, new double[][] {x}, lines);
    }

    static double[] generate(int length, int tau) {
        int delay = (int) Math.round(tau / STEP);
        int steps = (length + WARM_UP) * STEPS_PER_SAMPLE;
        double[] path = new double[delay + steps + 1];
        java.util.Arrays.fill(path, 0, delay + 1, INITIAL);
        for (int i = delay; i < delay + steps; i++) {
            double lagged = path[i - delay];
            double laggedHalf = 0.5 * (path[i - delay] + path[i - delay + 1]);
            double laggedNext = path[i - delay + 1];
            double x = path[i];
            double k1 = rate(x, lagged);
            double k2 = rate(x + 0.5 * STEP * k1, laggedHalf);
            double k3 = rate(x + 0.5 * STEP * k2, laggedHalf);
            double k4 = rate(x + STEP * k3, laggedNext);
            path[i + 1] = x + STEP / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        double[] out = new double[length];
        for (int t = 0; t < length; t++) {
            out[t] = path[delay + (WARM_UP + t) * STEPS_PER_SAMPLE];
        }
        return out;
    }

    private static double rate(double x, double lagged) {
        return BETA * lagged / (1 + Math.pow(lagged, POWER)) - GAMMA * x;
    }
}
