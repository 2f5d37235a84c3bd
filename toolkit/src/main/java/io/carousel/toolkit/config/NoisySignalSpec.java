package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.NoisySignal;

/**
 * {@code type: noisy_signal}: noise and signal on the same channel, Hochreiter &amp; Schmidhuber (1997), experiment 3.
 *
 * @param variant a (a clean signal), b (noise on the signal too) or c (as b, with noisy targets 0.2 and 0.8)
 * @param length  T: sequences are T to T + T/10 steps long
 * @param n       N: the first N inputs carry the class (1 to T - 1)
 */
@Describe("noise and signal on one channel (1997 experiment 3): classify by the first n inputs of a noisy sequence; "
        + "params variant (a, b, c), length, n")
public record NoisySignalSpec(Variant variant, int length, int n) implements TaskSpec {

    /** The three tasks of experiment 3. */
    public enum Variant {
        @JsonProperty("a") A,
        @JsonProperty("b") B,
        @JsonProperty("c") C
    }

    public NoisySignalSpec {
        Check.required("variant", variant);
        Check.inRange("length", length, 2, 100_000);
        if (n < 1 || n >= length) {
            throw new InvalidValueException("n", "must be in [1, length - 1] = [1, " + (length - 1) + "], got " + n);
        }
    }

    @Override
    public Task create(long seed) {
        return new NoisySignal(NoisySignal.Variant.valueOf(variant.name()), length, n);
    }
}
