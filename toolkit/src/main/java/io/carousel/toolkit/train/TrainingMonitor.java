package io.carousel.toolkit.train;

import io.carousel.tasks.StoppingRule;

/** Watches training; each implementation does one job (a progress bar, a metrics file, a log). */
public interface TrainingMonitor {

    /** Training is about to start; {@code budget} is the max_sequences budget. */
    default void onStart(long budget) {
    }

    /** A batch was fitted. */
    default void onBatch(long sequences, double loss, StoppingRule rule, double elapsedSeconds) {
    }

    default void onEvaluation(MetricsRow row) {
    }

    default void onFinish(TrainingOutcome outcome) {
    }
}
