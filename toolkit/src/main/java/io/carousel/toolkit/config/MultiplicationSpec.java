package io.carousel.toolkit.config;

import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.Multiplication;

/**
 * {@code type: multiplication}: the multiplication problem of Hochreiter &amp; Schmidhuber (1997), experiment 5.
 *
 * @param length T: sequences are T to T + T/10 steps long
 * @param nSeq   training stops once fewer than this many of the last 2,000 sequences were wrong
 */
@Describe("multiplication problem (1997 experiment 5): multiply the two marked values of a long sequence; "
        + "params length, n_seq")
public record MultiplicationSpec(int length, int nSeq) implements TaskSpec {

    public MultiplicationSpec {
        Check.inRange("length", length, 10, 100_000);
        Check.inRange("n_seq", nSeq, 1, Multiplication.STOP_WINDOW);
    }

    @Override
    public Task create(long seed) {
        return new Multiplication(length, nSeq);
    }
}
