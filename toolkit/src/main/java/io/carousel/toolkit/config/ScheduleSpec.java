package io.carousel.toolkit.config;

/**
 * {@code training.optimizer.schedule}: the learning rate is multiplied by {@code factor} every {@code every}
 * training sequences (step), or decays continuously at that rate (exponential).
 */
public record ScheduleSpec(ScheduleType type, double factor, long every) {
    public ScheduleSpec {
        Check.required("type", type);
        Check.inRange("factor", factor, 1e-6, 1.0);
        Check.atLeast("every", every, 1);
    }
}
