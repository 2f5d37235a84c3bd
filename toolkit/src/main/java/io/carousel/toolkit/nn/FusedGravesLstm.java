package io.carousel.toolkit.nn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link GravesLSTM} configuration (LSTM with peephole connections), run by {@link FusedLstmLayer}: the same
 * parameters, initialisation and results, several times faster on the CPU.
 *
 * <pre>{@code
 * FusedGravesLstm lstm = FusedGravesLstm.of(new GravesLSTM.Builder().nOut(32).build());
 * }</pre>
 */
public class FusedGravesLstm extends GravesLSTM {

    /** For deserialisation; build one with {@link #of}. */
    public FusedGravesLstm() {
    }

    /** The fused layer configured exactly as {@code lstm}, every setting carried over. */
    public static FusedGravesLstm of(GravesLSTM lstm) {
        return LayerConfigs.retype(lstm, FusedGravesLstm.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.instantiate(new FusedLstmLayer(conf, networkDataType), this, conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }
}
