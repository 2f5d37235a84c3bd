package io.carousel.toolkit.config;

/**
 * {@code model.output}: the output layer. Its width is the task's output size.
 *
 * @param at last: read the last unmasked step of each sequence; every: an output at every step
 */
public record OutputSpec(ActivationName activation, LossName loss, OutputAt at) {
    public OutputSpec {
        Check.required("activation", activation);
        Check.required("loss", loss);
        Check.required("at", at);
    }
}
