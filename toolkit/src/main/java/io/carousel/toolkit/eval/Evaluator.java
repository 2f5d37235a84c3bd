package io.carousel.toolkit.eval;

import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.toolkit.train.Seeds;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Judges a network on data it has not trained on, by the task's own rule. Never trains. */
public final class Evaluator {

    /** Sequences per forward pass: bounds memory on long sequences. */
    static final int CHUNK = 512;

    private Evaluator() {
    }

    /** The task's verdict on {@code sequences} fresh sequences drawn from {@code seed}. */
    public static Verdict evaluate(MultiLayerNetwork net, Task task, int sequences, long seed) {
        Verdict all = null;
        for (int start = 0, chunk = 0; start < sequences; start += CHUNK, chunk++) {
            DataSet batch = task.batch(Math.min(CHUNK, sequences - start), Seeds.derive(seed, Seeds.CHUNKS, chunk));
            Verdict v = evaluate(net, task, batch);
            all = all == null ? v : all.concat(v);
        }
        return all;
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
