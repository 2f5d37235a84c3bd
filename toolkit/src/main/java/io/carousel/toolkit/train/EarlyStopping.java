package io.carousel.toolkit.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Early stopping on the validation MSE: keeps a copy of the weights at the best evaluation so far, says when
 * {@code patience} evaluations in a row have not improved on it, and puts the best weights back at the end.
 */
final class EarlyStopping {

    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private long bestSequences;
    private INDArray bestParams;
    private int sinceBest;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** Records an evaluation of {@code net}; true when training should stop. */
    boolean observe(MetricsRow row, MultiLayerNetwork net) {
        if (row.validationMse() < best) {
            best = row.validationMse();
            bestSequences = row.sequences();
            bestParams = net.params().dup();
            sinceBest = 0;
            return false;
        }
        return ++sinceBest >= patience;
    }

    /** Puts the best weights seen back into {@code net} (if any evaluation was finite). */
    void restoreBest(MultiLayerNetwork net) {
        if (bestParams != null) {
            net.setParams(bestParams);
        }
    }

    /** The training sequences after which the kept weights were taken. */
    long bestSequences() {
        return bestSequences;
    }

    String progress() {
        return Double.isInfinite(best) ? "" : String.format(java.util.Locale.ROOT,
                "best validation MSE %.4g after %,d sequences", best, bestSequences);
    }
}
