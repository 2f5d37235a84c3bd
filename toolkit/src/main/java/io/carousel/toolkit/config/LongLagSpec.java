package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.LongTimeLag;

/**
 * {@code type: long_lag}: long time lags without and with noise, Hochreiter &amp; Schmidhuber (1997), experiment 2.
 *
 * @param variant a (two fixed sequences), b (a random middle) or c (classify the second symbol at the end marker)
 * @param p       a, b: p + 1 symbols, sequences p + 1 long; c: p distractor symbols
 * @param q       c only: the distractors that always follow the second symbol (the minimal time lag is q + 1, so
 *                c needs q &gt;= 1); a and b need 0
 */
@Describe("long time lags (1997 experiment 2): predict or classify a symbol seen long before; "
        + "params variant (a, b, c), p, q (c only)")
public record LongLagSpec(Variant variant, int p, int q) implements TaskSpec {

    /** The three tasks of experiment 2. */
    public enum Variant {
        @JsonProperty("a") A,
        @JsonProperty("b") B,
        @JsonProperty("c") C
    }

    public LongLagSpec {
        Check.required("variant", variant);
        Check.inRange("p", p, 2, LongTimeLag.MAX);
        Check.inRange("q", q, 0, LongTimeLag.MAX);
        if (variant == Variant.C && q < 1) {
            throw new InvalidValueException("q", "variant c needs q >= 1 (the minimal time lag is q + 1), got " + q);
        }
        if (variant != Variant.C && q != 0) {
            throw new InvalidValueException("q", "is used only by variant c; variant " + Choice.yamlName(variant)
                    + " needs q = 0, got " + q);
        }
    }

    @Override
    public Task create(long seed) {
        return new LongTimeLag(LongTimeLag.Variant.valueOf(variant.name()), p, q);
    }
}
