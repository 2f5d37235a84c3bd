package io.carousel.tasks.hs97;

import io.carousel.tasks.RecentWindowRule;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The adding problem: Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5.4 (experiment 4).
 *
 * <p>Each step is a pair (value uniform in [-1, 1], marker). The sequence length is uniform in [T, T + T/10].
 * Exactly two pairs are marked 1: one among the first 10 pairs (X1) and one among the first T/2 - 1 pairs not already
 * marked (X2). The first and last pairs carry marker -1 unless marked 1; all others carry 0. If the first pair is
 * marked, its value is 0. The target at the last step is 0.5 + (X1 + X2) / 4, and a sequence is correct when the
 * absolute error there is below 0.04.
 *
 * <p>Our choices, not the paper's: when the first pair is marked we set its value to 0 in the input as well as in the
 * target, so that the target stays a function of what the network sees; and {@code fixedLength} (length exactly T)
 * is an option of ours for experiments the paper did not run.
 *
 * @param length      T, the minimum sequence length (at least 10, so that the first 10 pairs exist)
 * @param fixedLength every sequence exactly T long instead of uniform in [T, T + T/10]
 */
public record AddingProblem(int length, boolean fixedLength) implements Task {

    /** Absolute error at the last step below which a sequence counts as correct. */
    public static final double TOLERANCE = 0.04;
    /** The paper's stopping rule: mean training error below 0.01 and the last 2,000 sequences correct. */
    public static final int STOP_WINDOW = 2_000;
    public static final double STOP_MEAN_ERROR = 0.01;
    /** X1 is among the first this-many pairs. */
    static final int FIRST_MARK_RANGE = MarkedPairs.FIRST_MARK_RANGE;

    public AddingProblem {
        if (length < FIRST_MARK_RANGE) {
            throw new IllegalArgumentException("length must be >= " + FIRST_MARK_RANGE + ", got " + length);
        }
        if (length > 1_000_000) {
            throw new IllegalArgumentException("length must be <= 1000000, got " + length);
        }
    }

    public AddingProblem(int length) {
        this(length, false);
    }

    @Override
    public String name() {
        return "adding";
    }

    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public Labels labels() {
        return Labels.LAST_STEP;
    }

    public int maxLength() {
        return MarkedPairs.maxLength(length, fixedLength);
    }

    @Override
    public DataSet batch(int size, long seed) {
        return MarkedPairs.batch(size, seed, length, fixedLength, true, u -> u * 2.0 - 1.0, 0f,
                (x1, x2) -> 0.5 + (x1 + x2) / 4.0);
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
