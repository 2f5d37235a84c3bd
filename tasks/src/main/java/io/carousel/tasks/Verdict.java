package io.carousel.tasks;

import java.util.Arrays;

/**
 * A task's judgement of one batch of predictions, sequence by sequence, in batch order.
 *
 * @param correct     whether each sequence was correct by the task's rule; null for tasks without a rule of
 *                     correctness (forecasting), whose verdicts are their errors alone
 * @param squaredError each sequence's mean squared error over the outputs the task judges
 */
public record Verdict(boolean[] correct, double[] squaredError) {

    public Verdict {
        if (correct != null && correct.length != squaredError.length) {
            throw new IllegalArgumentException(
                    "correct has " + correct.length + " entries but squaredError has " + squaredError.length);
        }
        correct = correct == null ? null : correct.clone();
        squaredError = squaredError.clone();
    }

    /** A verdict of errors alone, for a task with no rule of correctness: its fraction correct is NaN. */
    public static Verdict errorsOnly(double[] squaredError) {
        return new Verdict(null, squaredError);
    }

    public int sequences() {
        return squaredError.length;
    }

    /** Sequences wrong by the task's rule (0 when it has none). */
    public int wrong() {
        if (correct == null) {
            return 0;
        }
        int wrong = 0;
        for (boolean c : correct) {
            if (!c) {
                wrong++;
            }
        }
        return wrong;
    }

    public double fractionCorrect() {
        return sequences() == 0 || correct == null ? Double.NaN : 1.0 - (double) wrong() / sequences();
    }

    /** Mean over sequences of each sequence's squared error. */
    public double mse() {
        return Arrays.stream(squaredError).average().orElse(Double.NaN);
    }

    @Override
    public boolean[] correct() {
        return correct == null ? null : correct.clone();
    }

    @Override
    public double[] squaredError() {
        return squaredError.clone();
    }

    /** This verdict followed by {@code next}, as if both batches had been judged as one. */
    public Verdict concat(Verdict next) {
        boolean[] c = null;
        if (correct != null && next.correct != null) {
            c = Arrays.copyOf(correct, correct.length + next.correct.length);
            System.arraycopy(next.correct, 0, c, correct.length, next.correct.length);
        } else if (correct != null || next.correct != null) {
            throw new IllegalArgumentException("cannot join a verdict of correctness with one of errors alone");
        }
        double[] e = Arrays.copyOf(squaredError, squaredError.length + next.squaredError.length);
        System.arraycopy(next.squaredError, 0, e, squaredError.length, next.squaredError.length);
        return new Verdict(c, e);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Verdict v && Arrays.equals(correct, v.correct) && Arrays.equals(squaredError, v.squaredError);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(correct) + Arrays.hashCode(squaredError);
    }

    @Override
    public String toString() {
        return "Verdict[sequences=" + sequences() + ", wrong=" + wrong() + ", mse=" + mse() + "]";
    }
}
