package io.carousel.toolkit.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What training did.
 *
 * @param sequences  training sequences seen (the paper's unit of cost)
 * @param solved     the task's stopping rule held
 * @param stopReason why training ended
 * @param milestones the stopping rule's intermediate criteria and the sequences after which each first held
 * @param history    every evaluation row, in order
 * @param kept       the training sequences after which the network's final weights were taken: {@code sequences},
 *                   or with early stopping those of the best validation MSE
 * @param lastCheckpoint the last checkpoint written (a diverged run can be resumed from it), or null
 */
public record TrainingOutcome(long sequences, long iterations, boolean solved, StopReason stopReason,
                              double wallSeconds, Map<String, Long> milestones, List<MetricsRow> history, long kept,
                              java.nio.file.Path lastCheckpoint) {

    public TrainingOutcome {
        milestones = Collections.unmodifiableMap(new LinkedHashMap<>(milestones));
        history = List.copyOf(history);
    }

    public double sequencesPerSecond() {
        return wallSeconds > 0 ? sequences / wallSeconds : Double.NaN;
    }

    public enum StopReason {
        /** The task's stopping rule held. */
        SOLVED,
        /** The max_sequences budget was spent. */
        BUDGET,
        /** The validation MSE stopped improving (early stopping). */
        EARLY_STOPPED,
        /** The loss or a weight became NaN or infinite. */
        DIVERGED
    }
}
