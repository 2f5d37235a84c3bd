package io.carousel.tasks;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A sequence task: what its data looks like, a batch from a seed, and a verdict on predictions.
 *
 * <p>Batches are in DL4J's recurrent layout: features {@code [batch, inputSize, time]}, with a features mask
 * {@code [batch, time]} where lengths vary. Labels are {@code [batch, outputSize]} when they come only at the last
 * step of each sequence, or {@code [batch, outputSize, time]} with a labels mask when they come at every step.
 *
 * <p>{@link #batch} is a pure function of its arguments: the same seed gives the same sequences, bit for bit.
 */
public interface Task {

    /** The task's type name, as written in configs. */
    String name();

    int inputSize();

    int outputSize();

    Labels labels();

    /** {@code size} sequences drawn from a random source seeded with {@code seed}. */
    DataSet batch(int size, long seed);

    /** Judges {@code predictions} (shaped like {@code batch.getLabels()}) by the task's own rule. */
    Verdict judge(DataSet batch, INDArray predictions);

    /** A fresh instance of the task's own stopping rule (the paper's, for the 1997 tasks). */
    StoppingRule stoppingRule();

    /**
     * The task's fixed test set, for tasks that have one (the embedded Reber grammar's 256 test strings); empty when
     * a test draws fresh sequences from {@link #batch}.
     */
    default Optional<DataSet> fixedTestSet() {
        return Optional.empty();
    }

    /**
     * The task's fixed validation set, for tasks whose data is fixed (a forecasting task's validation windows); empty
     * when validation draws fresh sequences from {@link #batch}.
     */
    default Optional<DataSet> fixedValidationSet() {
        return Optional.empty();
    }

    /** Where the targets of a sequence sit. */
    enum Labels {
        /** One target vector per sequence, at its last (unmasked) step. */
        LAST_STEP,
        /** A target vector at every step. */
        EVERY_STEP
    }
}
