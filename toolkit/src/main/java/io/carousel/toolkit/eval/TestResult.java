package io.carousel.toolkit.eval;

/**
 * The result of testing a trained network on fresh sequences.
 *
 * @param sequences test sequences (2,560 in the paper)
 * @param wrong     sequences wrong by the task's rule
 * @param mse       mean squared error over the test sequences
 */
public record TestResult(int sequences, int wrong, double mse) {

    public double fractionWrong() {
        return (double) wrong / sequences;
    }
}
