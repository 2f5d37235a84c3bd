package io.carousel.toolkit.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Captures the network's predictions on each training batch as the batch is presented, before the weights are
 * updated: the 1997 paper judges online training by the error on each sequence as it is shown. This saves a second
 * forward pass per batch: after DL4J's backward pass the output layer still holds its input, and computing its
 * activations from that input is a single small matrix product.
 */
final class PredictionCapture extends BaseTrainingListener {

    private INDArray predictions;

    @Override
    public void onBackwardPass(Model model) {
        Layer output = ((MultiLayerNetwork) model).getOutputLayer();
        // DL4J calls this outside every workspace, so the result is a detached array.
        predictions = output.activate(false, LayerWorkspaceMgr.noWorkspaces());
    }

    /** The predictions on the last batch fitted; each batch's predictions can be taken once. */
    INDArray take() {
        INDArray p = predictions;
        if (p == null) {
            throw new IllegalStateException("no predictions captured: was the network fitted with this listener?");
        }
        predictions = null;
        return p;
    }
}
