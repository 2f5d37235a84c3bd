package io.carousel.toolkit.config;

import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.AddingProblem;

/**
 * {@code type: adding}: the adding problem of Hochreiter &amp; Schmidhuber (1997), experiment 4.
 *
 * @param length      T: sequences are T to T + T/10 steps long
 * @param fixedLength every sequence exactly T steps long
 */
@Describe("adding problem (1997 experiment 4): add the two marked values of a long sequence; params length, fixed_length")
public record AddingSpec(int length, boolean fixedLength) implements TaskSpec {

    public AddingSpec {
        Check.inRange("length", length, 10, 100_000);
    }

    @Override
    public Task create(long seed) {
        return new AddingProblem(length, fixedLength);
    }
}
