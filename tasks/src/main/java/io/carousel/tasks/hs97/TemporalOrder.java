package io.carousel.tasks.hs97;

import io.carousel.tasks.RecentWindowRule;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Temporal order: Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5.6 (experiment 6).
 *
 * <p>Eight one-hot input symbols, in this order: E (start), B (end), distractors a, b, c, d, and the relevant X and
 * Y. A sequence is 100 to 110 steps long (uniform), starts with E and ends with B; every other step is a random
 * distractor, except at the relevant positions, which carry X or Y (probability 0.5 each).
 * <ul>
 *   <li>A: relevant positions t1 in [10, 20] and t2 in [50, 60]; 4 classes XX, XY, YX, YY.
 *   <li>B: relevant positions t1 in [10, 20], t2 in [33, 43] and t3 in [66, 76]; 8 classes XXX, XXY, ..., YYY.
 * </ul>
 * The target at the last step is the one-hot class; a sequence is correct when every output's absolute error there is
 * below 0.3. Training stops when the mean training error is below 0.1 and the last 2,000 sequences were correct.
 *
 * <p>Our choices, not the paper's: positions are the paper's, 1-based, so position t is step t - 1 of the sequence;
 * each relevant position is uniform in its range; the classes are in binary order with X as 0 and Y as 1, the first
 * relevant symbol the most significant; distractors are drawn uniformly with replacement.
 *
 * @param variant which of the two tasks
 */
public record TemporalOrder(Variant variant) implements Task {

    /** The two tasks of experiment 6. */
    public enum Variant {
        /** Two relevant symbols, four classes. */
        A,
        /** Three relevant symbols, eight classes. */
        B
    }

    static final int E = 0;
    static final int B = 1;
    /** The first of the four distractors a, b, c, d. */
    static final int FIRST_DISTRACTOR = 2;
    static final int X = 6;
    static final int Y = 7;
    public static final int MIN_LENGTH = 100;
    public static final int MAX_LENGTH = 110;
    /** Absolute error at the end below which every output must be for a sequence to count as correct. */
    public static final double TOLERANCE = 0.3;
    /** The paper's stopping rule: mean training error below 0.1 and the last 2,000 sequences correct. */
    public static final int STOP_WINDOW = 2_000;
    public static final double STOP_MEAN_ERROR = 0.1;

    public TemporalOrder {
        if (variant == null) {
            throw new IllegalArgumentException("variant is required (A or B)");
        }
    }

    /** The ranges of the relevant positions, 1-based and inclusive: {from, to} for each. */
    public int[][] positions() {
        return variant == Variant.A ? new int[][] {{10, 20}, {50, 60}} : new int[][] {{10, 20}, {33, 43}, {66, 76}};
    }

    @Override
    public String name() {
        return "temporal_order";
    }

    @Override
    public int inputSize() {
        return 8;
    }

    @Override
    public int outputSize() {
        return 1 << positions().length;
    }

    @Override
    public Labels labels() {
        return Labels.LAST_STEP;
    }

    @Override
    public DataSet batch(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] positions = positions();
        int[][] sequences = new int[size][];
        int[] classes = new int[size];
        for (int s = 0; s < size; s++) {
            int[] seq = new int[MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH + 1)];
            seq[0] = E;
            seq[seq.length - 1] = B;
            for (int t = 1; t < seq.length - 1; t++) {
                seq[t] = FIRST_DISTRACTOR + random.nextInt(4);
            }
            int cls = 0;
            for (int[] range : positions) {
                int position = range[0] + random.nextInt(range[1] - range[0] + 1);
                boolean y = random.nextBoolean();
                seq[position - 1] = y ? Y : X;
                cls = 2 * cls + (y ? 1 : 0);
            }
            sequences[s] = seq;
            classes[s] = cls;
        }
        int steps = OneHot.longest(sequences);
        return new DataSet(OneHot.sequences(sequences, 8, steps), OneHot.classes(classes, outputSize()),
                OneHot.mask(sequences, steps), null);
    }

    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        return LastStepJudge.judge(batch.getLabels(), predictions, TOLERANCE);
    }

    @Override
    public StoppingRule stoppingRule() {
        return new RecentWindowRule(STOP_WINDOW, STOP_MEAN_ERROR);
    }
}
