package io.carousel.toolkit.config;

/**
 * {@code training:}. Counts are in training sequences, the 1997 paper's unit of cost (iterations x batch size).
 *
 * @param gradientClip     threshold for gradient clipping (0 = off)
 * @param maxSequences     the budget: training stops after this many sequences whatever the stopping rule says
 * @param evalEvery        a row of metrics.csv (and a validation pass) every so many sequences
 * @param evalSequences    size of the fixed validation set used at each evaluation
 * @param testSequences    size of the fresh test set after training (2,560 in the paper)
 * @param patience         with {@code stop: early_stopping}, evaluations without a better validation MSE before
 *                         training stops
 * @param checkpointEvery  a checkpoint every so many sequences (0 = none)
 * @param keepCheckpoints  the checkpoints kept, the most recent ones
 */
public record TrainingSpec(OptimizerSpec optimizer, int batchSize, double gradientClip, ClipMode gradientClipMode,
                           long maxSequences, StopRule stop, long evalEvery, int evalSequences, int testSequences,
                           int patience, long checkpointEvery, int keepCheckpoints) {
    public TrainingSpec {
        Check.required("optimizer", optimizer);
        Check.inRange("batch_size", batchSize, 1, 65_536);
        Check.nonNegative("gradient_clip", gradientClip);
        Check.required("gradient_clip_mode", gradientClipMode);
        Check.inRange("max_sequences", maxSequences, 1, 1_000_000_000_000L);
        Check.required("stop", stop);
        Check.inRange("eval_every", evalEvery, 1, 1_000_000_000_000L);
        Check.inRange("eval_sequences", evalSequences, 1, 1_000_000);
        Check.inRange("test_sequences", testSequences, 1, 10_000_000);
        Check.inRange("patience", patience, 1, 1_000_000);
        Check.inRange("checkpoint_every", checkpointEvery, 0, 1_000_000_000_000L);
        Check.inRange("keep_checkpoints", keepCheckpoints, 1, 1000);
    }

    /** This training with another budget. */
    public TrainingSpec withMaxSequences(long newMaxSequences) {
        return new TrainingSpec(optimizer, batchSize, gradientClip, gradientClipMode, newMaxSequences, stop, evalEvery,
                evalSequences, testSequences, patience, checkpointEvery, keepCheckpoints);
    }

    /** This training with other checkpoint settings (which change nothing a run computes). */
    public TrainingSpec withCheckpoints(long every, int keep) {
        return new TrainingSpec(optimizer, batchSize, gradientClip, gradientClipMode, maxSequences, stop, evalEvery,
                evalSequences, testSequences, patience, every, keep);
    }
}
