package io.carousel.tasks;

/**
 * A task's rule for when training has succeeded, fed with the verdict on every training batch as it is presented
 * (before the network learns from it, as in the paper's online training).
 */
public interface StoppingRule {

    void observe(Verdict trainingBatch);

    boolean satisfied();

    /** A short account of where the rule stands, for progress output. */
    String progress();
}
