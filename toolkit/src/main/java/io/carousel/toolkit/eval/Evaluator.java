package io.carousel.toolkit.eval;

import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.toolkit.train.Seeds;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Judges a network on data it has not trained on, by the task's own rule. Never trains. */
public final class Evaluator {

    /** Sequences per forward pass, at most. */
    static final int CHUNK = 512;
    /** Feature values per forward pass, at most (128 MB of floats): bounds memory for wide, long sequences. */
    static final long MAX_ELEMENTS = 1L << 25;
    /** The sequence length {@link #chunkSize} assumes before it has seen a batch of the task. */
    static final int ASSUMED_STEPS = 1000;

    private Evaluator() {
    }

    /** The task's verdict on {@code sequences} fresh sequences drawn from {@code seed}. */
    public static Verdict evaluate(MultiLayerNetwork net, Task task, int sequences, long seed) {
        Verdict all = null;
        int chunkSize = chunkSize(task);
        for (int start = 0, chunk = 0; start < sequences; chunk++) {
            int size = Math.min(chunkSize, sequences - start);
            DataSet batch = task.batch(size, Seeds.derive(seed, Seeds.CHUNKS, chunk));
            Verdict v = evaluate(net, task, batch);
            all = all == null ? v : all.concat(v);
            start += size;
            // Now that a batch shows how long the task's sequences are, keep the next chunks within the bound.
            long perSequence = Math.max(1, batch.getFeatures().length() / size);
            chunkSize = (int) Math.max(1, Math.min(chunkSize, MAX_ELEMENTS / perSequence));
        }
        return all;
    }

    /**
     * Sequences per forward pass for {@code task}: {@link #CHUNK}, fewer where its inputs are so wide that sequences
     * of {@link #ASSUMED_STEPS} steps would exceed {@link #MAX_ELEMENTS} (experiment 2c's 1,004 one-hot inputs).
     */
    public static int chunkSize(Task task) {
        return (int) Math.max(1, Math.min(CHUNK, MAX_ELEMENTS / ((long) task.inputSize() * ASSUMED_STEPS)));
    }

    /** The task's verdict on one given batch. */
    public static Verdict evaluate(MultiLayerNetwork net, Task task, DataSet batch) {
        INDArray predictions = predict(net, batch);
        return task.judge(batch, predictions);
    }

    /** The network's predictions on a batch, with its masks, in inference mode. */
    public static INDArray predict(MultiLayerNetwork net, DataSet batch) {
        return net.output(batch.getFeatures(), false, batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
    }

    /**
     * The test the paper reports: {@code sequences} fresh sequences (or the task's fixed test set, where it has one),
     * wrong count and MSE.
     */
    public static TestResult test(MultiLayerNetwork net, Task task, int sequences, long seed) {
        Verdict v = task.fixedTestSet().map(set -> evaluate(net, task, set))
                .orElseGet(() -> evaluate(net, task, sequences, seed));
        return new TestResult(v.sequences(), v.wrong(), v.mse());
    }
}
