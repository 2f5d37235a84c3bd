package io.carousel.toolkit.config;

/**
 * {@code training.optimizer}.
 *
 * @param momentum used by nesterovs only
 * @param schedule optional learning-rate schedule (null: constant)
 */
public record OptimizerSpec(OptimizerType type, double learningRate, double momentum, ScheduleSpec schedule) {
    public OptimizerSpec {
        Check.required("type", type);
        Check.inRange("learning_rate", learningRate, 1e-12, 100.0);
        Check.inHalfOpenRange("momentum", momentum, 0, 1);
    }
}
