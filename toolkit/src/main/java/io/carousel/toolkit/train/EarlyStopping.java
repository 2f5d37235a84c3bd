package io.carousel.toolkit.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Early stopping on the validation MSE: keeps a copy of the weights at the best evaluation so far (in the
 * {@link TrainingState}, so that checkpoints carry it), says when {@code patience} evaluations in a row have not
 * improved on it, and puts the best weights back at the end.
 */
final class EarlyStopping {

    private final int patience;
    private final TrainingState state;

    EarlyStopping(int patience, TrainingState state) {
        this.patience = patience;
        this.state = state;
    }

    /** Records an evaluation of {@code net}; true when training should stop. */
    boolean observe(MetricsRow row, MultiLayerNetwork net) {
        if (row.validationMse() < state.best) {
            state.best = row.validationMse();
            state.bestSequences = row.sequences();
            state.bestParams = net.params().dup();
            state.sinceBest = 0;
            return false;
        }
        return ++state.sinceBest >= patience;
    }

    /** Puts the best weights seen back into {@code net} (if any evaluation was finite). */
    void restoreBest(MultiLayerNetwork net) {
        if (state.bestParams != null) {
            net.setParams(state.bestParams);
        }
    }

}
