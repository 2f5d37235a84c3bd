package io.carousel.tasks;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A task's rule for when training has succeeded, fed with the verdict on every training batch as it is presented
 * (before the network learns from it, as in the paper's online training).
 *
 * <p>Some of the paper's rules judge the network on sequences it does not train on (the embedded Reber grammar's
 * whole training and test sets, experiment 3's test sets of 256 sequences). Such a rule asks for it with
 * {@link #checkEvery()}, and the trainer then calls {@link #check} that often with the network's predictor.
 */
public interface StoppingRule {

    void observe(Verdict trainingBatch);

    boolean satisfied();

    /** A short account of where the rule stands, for progress output. */
    String progress();

    /** Every how many training sequences the rule wants to {@link #check} the network; 0 for never. */
    default long checkEvery() {
        return 0;
    }

    /**
     * Judges the network itself. {@code network} maps a batch to the network's predictions (inference mode,
     * shaped like the batch's labels); {@code seed} draws any fresh sequences the check needs.
     */
    default void check(Function<DataSet, INDArray> network, long seed) {
    }

    /**
     * Intermediate criteria and the training sequences after which each first held, in the order they did (the
     * paper's ST1 and ST2 in experiment 3); empty for rules without any.
     */
    default Map<String, Long> milestones() {
        return Map.of();
    }

    /**
     * Writes the rule's state (what it has observed and checked, not its parameters) for a checkpoint; {@link
     * #restore} on a fresh rule of the same task reads it back, after which the rule behaves exactly as this one.
     */
    default void save(DataOutput out) throws IOException {
    }

    /** Reads back what {@link #save} wrote. */
    default void restore(DataInput in) throws IOException {
    }

    /** A rule that never holds, for tasks without a criterion of success; {@code progress} says why. */
    static StoppingRule never(String progress) {
        return new StoppingRule() {
            @Override
            public void observe(Verdict trainingBatch) {
            }

            @Override
            public boolean satisfied() {
                return false;
            }

            @Override
            public String progress() {
                return progress;
            }
        };
    }
}
