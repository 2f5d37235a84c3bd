package io.carousel.tasks.hs97;

import io.carousel.tasks.RecentWindowRule;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The multiplication problem: Hochreiter &amp; Schmidhuber (1997), "Long Short-Term Memory", section 5.5
 * (experiment 5).
 *
 * <p>As the {@link AddingProblem adding problem} (the same markers, lengths uniform in [T, T + T/10]), but the values
 * are uniform in [0, 1], a marked first pair has X1 = 1.0, and the target at the last step is X1 * X2. A sequence is
 * correct when the absolute error there is below 0.04. Training stops once fewer than n_seq of the last 2,000
 * training sequences were wrong.
 *
 * <p>Our choice, not the paper's: when the first pair is marked we set its value to 1.0 in the input as well as in
 * the target (as the adding problem sets it to 0 in both), so that the target stays a function of what the network
 * sees.
 *
 * @param length T, the minimum sequence length (at least 10, so that the first 10 pairs exist)
 * @param nSeq   training stops once fewer than this many of the last 2,000 sequences were wrong (1 to 2,000)
 */
public record Multiplication(int length, int nSeq) implements Task {

    /** Absolute error at the last step below which a sequence counts as correct. */
    public static final double TOLERANCE = 0.04;
    /** The paper's stopping rule looks at this many recent training sequences. */
    public static final int STOP_WINDOW = 2_000;

    public Multiplication {
        if (length < MarkedPairs.FIRST_MARK_RANGE || length > 1_000_000) {
            throw new IllegalArgumentException("length must be in [" + MarkedPairs.FIRST_MARK_RANGE
                    + ", 1000000], got " + length);
        }
        if (nSeq < 1 || nSeq > STOP_WINDOW) {
            throw new IllegalArgumentException("nSeq must be in [1, " + STOP_WINDOW + "] (fewer than nSeq of the last "
                    + STOP_WINDOW + " sequences wrong), got " + nSeq);
        }
    }

    @Override
    public String name() {
        return "multiplication";
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

    /** The longest a sequence can be, T + T/10; a batch is as long as its longest sequence. */
    public int maxLength() {
        return MarkedPairs.maxLength(length, false);
    }

    @Override
    public DataSet batch(int size, long seed) {
        return MarkedPairs.batch(size, seed, length, false, false, u -> u, 1f, (x1, x2) -> x1 * x2);
    }

    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        return LastStepJudge.judge(batch.getLabels(), predictions, TOLERANCE);
    }

    /** Fewer than {@code nSeq} of the last 2,000 training sequences wrong, whatever their mean error. */
    @Override
    public StoppingRule stoppingRule() {
        return new RecentWindowRule(STOP_WINDOW, nSeq - 1, Double.POSITIVE_INFINITY);
    }
}
