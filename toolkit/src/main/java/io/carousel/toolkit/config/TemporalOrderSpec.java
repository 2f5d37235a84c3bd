package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.carousel.tasks.Task;
import io.carousel.tasks.hs97.TemporalOrder;

/**
 * {@code type: temporal_order}: the temporal order problem of Hochreiter &amp; Schmidhuber (1997), experiment 6.
 *
 * @param variant a (two relevant symbols, 4 classes) or b (three, 8 classes)
 */
@Describe("temporal order (1997 experiment 6): classify the order of X and Y symbols far apart; params variant (a, b)")
public record TemporalOrderSpec(Variant variant) implements TaskSpec {

    /** The two tasks of experiment 6. */
    public enum Variant {
        @JsonProperty("a") A,
        @JsonProperty("b") B
    }

    public TemporalOrderSpec {
        Check.required("variant", variant);
    }

    @Override
    public Task create(long seed) {
        return new TemporalOrder(TemporalOrder.Variant.valueOf(variant.name()));
    }
}
