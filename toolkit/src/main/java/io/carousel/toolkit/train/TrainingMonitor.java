package io.carousel.toolkit.train;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Verdict;

/** Watches training; each implementation does one job (a progress bar, a metrics file, a log). */
public interface TrainingMonitor {

    /** Training is about to start; {@code budget} is the max_sequences budget. */
    default void onStart(long budget) {
    }

    /** A batch was fitted; {@code verdict} judged the predictions made on it before the update. */
    default void onBatch(long sequences, double loss, Verdict verdict, StoppingRule rule, double elapsedSeconds) {
    }

    default void onEvaluation(MetricsRow row) {
    }

    /** A checkpoint was written after {@code sequences} training sequences. */
    default void onCheckpoint(java.nio.file.Path file, long sequences) {
    }

    default void onFinish(TrainingOutcome outcome) {
    }
}
