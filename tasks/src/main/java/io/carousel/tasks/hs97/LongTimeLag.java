package io.carousel.tasks.hs97;

import io.carousel.tasks.RecentWindowRule;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Long time lags without and with noise: Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5.2
 * (experiment 2).
 *
 * <ul>
 *   <li>A: p + 1 one-hot symbols x, y, a1 .. a(p-1) (in that order, in and out). Only two sequences, each with
 *       probability 0.5: (y, a1, ..., a(p-1), y) and (x, a1, ..., a(p-1), x). The input is the first p symbols and the
 *       target at each step the next symbol. Correct when every output's absolute error is below 0.25 at every step.
 *   <li>B: as A, but the middle p - 1 symbols are a random sequence over a1 .. a(p-1).
 *   <li>C: p + 4 one-hot inputs a1 .. ap, e, b, x, y (in that order) and 2 outputs x, y. A sequence is b, then x or y
 *       (probability 0.5 each), then q distractors; each further step is a distractor with probability 0.9 or the end
 *       marker e with probability 0.1, which ends the sequence. The target at e is the class of the second symbol;
 *       the minimal time lag is q + 1. Correct when both outputs' absolute error is below 0.2.
 * </ul>
 * All three stop after 10,000 successive correct training sequences.
 *
 * <p>Our choices, not the paper's: in B the targets at every step are the actual next symbol, but only the last step
 * (predicting the final x or y, the only predictable one) is judged; distractors are drawn uniformly with replacement;
 * C's sequences have no cap on their length; A and B have no masks (every sequence is p steps long); C requires
 * q &gt;= 1.
 *
 * @param variant which of the three tasks
 * @param p       A, B: the number of symbols is p + 1 and the sequence p + 1 long; C: the number of distractors
 * @param q       C only: the distractors that always follow the second symbol, so that the minimal time lag is
 *                q + 1 (A and B need 0)
 */
public record LongTimeLag(Variant variant, int p, int q) implements Task {

    /** The three tasks of experiment 2. */
    public enum Variant {
        /** Two fixed sequences, every step judged. */
        A,
        /** A random middle, only the last step judged. */
        B,
        /** Classify the second symbol at the end marker, after at least q + 1 steps. */
        C
    }

    /** Absolute error below which an output counts as correct in A and B. */
    public static final double TOLERANCE_AB = 0.25;
    /** Absolute error below which an output counts as correct in C. */
    public static final double TOLERANCE_C = 0.2;
    /** The paper's stopping rule: this many successive correct training sequences. */
    public static final int SUCCESSIVE = 10_000;
    /** The largest p and q allowed. */
    public static final int MAX = 100_000;

    public LongTimeLag {
        if (variant == null) {
            throw new IllegalArgumentException("variant is required (A, B or C)");
        }
        if (p < 2 || p > MAX) {
            throw new IllegalArgumentException("p must be in [2, " + MAX + "], got " + p);
        }
        if (q < 0 || q > MAX) {
            throw new IllegalArgumentException("q must be in [0, " + MAX + "], got " + q);
        }
        if (variant != Variant.C && q != 0) {
            throw new IllegalArgumentException("q is used only by variant C; variant " + variant + " needs q = 0, got "
                    + q);
        }
        if (variant == Variant.C && q < 1) {
            throw new IllegalArgumentException("variant C needs q >= 1 (the minimal time lag is q + 1), got " + q);
        }
    }

    @Override
    public String name() {
        return "long_lag";
    }

    @Override
    public int inputSize() {
        return variant == Variant.C ? p + 4 : p + 1;
    }

    @Override
    public int outputSize() {
        return variant == Variant.C ? 2 : p + 1;
    }

    @Override
    public Labels labels() {
        return variant == Variant.C ? Labels.LAST_STEP : Labels.EVERY_STEP;
    }

    @Override
    public DataSet batch(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        return variant == Variant.C ? classification(size, random) : prediction(size, random);
    }

    /** A and B: symbols x = 0, y = 1, a(i) = i + 1. */
    private DataSet prediction(int size, SplittableRandom random) {
        int[][] inputs = new int[size][p];
        int[][] targets = new int[size][p];
        int[] sequence = new int[p + 1];
        for (int s = 0; s < size; s++) {
            sequence[0] = random.nextInt(2);
            for (int i = 1; i < p; i++) {
                sequence[i] = variant == Variant.A ? i + 1 : 2 + random.nextInt(p - 1);
            }
            sequence[p] = sequence[0];
            System.arraycopy(sequence, 0, inputs[s], 0, p);
            System.arraycopy(sequence, 1, targets[s], 0, p);
        }
        return new DataSet(OneHot.sequences(inputs, p + 1, p), OneHot.sequences(targets, p + 1, p), null, null);
    }

    /** C: inputs a(i) = i - 1, e = p, b = p + 1, x = p + 2, y = p + 3; outputs x = 0, y = 1. */
    private DataSet classification(int size, SplittableRandom random) {
        int[][] sequences = new int[size][];
        int[] classes = new int[size];
        for (int s = 0; s < size; s++) {
            int[] seq = new int[q + 32];
            classes[s] = random.nextInt(2);
            seq[0] = p + 1;
            seq[1] = p + 2 + classes[s];
            int len = 2;
            for (int i = 0; i < q; i++) {
                seq[len++] = random.nextInt(p);
            }
            while (true) {
                if (len == seq.length) {
                    seq = Arrays.copyOf(seq, 2 * seq.length);
                }
                if (random.nextInt(10) == 0) {
                    seq[len++] = p;
                    break;
                }
                seq[len++] = random.nextInt(p);
            }
            sequences[s] = Arrays.copyOf(seq, len);
        }
        int steps = OneHot.longest(sequences);
        return new DataSet(OneHot.sequences(sequences, p + 4, steps), OneHot.classes(classes, 2),
                OneHot.mask(sequences, steps), null);
    }

    /**
     * C: both outputs within 0.2 at the end. A: every output within 0.25 at every step. B: every output within 0.25 at
     * the last step, the only one judged. The error is the mean squared error over the judged steps and outputs.
     */
    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        if (variant == Variant.C) {
            return LastStepJudge.judge(batch.getLabels(), predictions, TOLERANCE_C);
        }
        INDArray labels = batch.getLabels();
        LastStepJudge.requireSameShape(labels, predictions);
        int n = (int) labels.size(0);
        int outputs = (int) labels.size(1);
        int steps = (int) labels.size(2);
        int from = variant == Variant.A ? 0 : steps - 1;
        double[] y = labels.dup('c').data().asDouble();
        double[] pred = predictions.dup('c').data().asDouble();
        boolean[] correct = new boolean[n];
        double[] squaredError = new double[n];
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            double sum = 0;
            for (int j = 0; j < outputs; j++) {
                for (int t = from; t < steps; t++) {
                    int at = (i * outputs + j) * steps + t;
                    double err = pred[at] - y[at];
                    ok &= Math.abs(err) < TOLERANCE_AB;
                    sum += err * err;
                }
            }
            correct[i] = ok;
            squaredError[i] = sum / ((double) (steps - from) * outputs);
        }
        return new Verdict(correct, squaredError);
    }

    /** 10,000 successive correct training sequences. */
    @Override
    public StoppingRule stoppingRule() {
        return RecentWindowRule.successive(SUCCESSIVE);
    }
}
