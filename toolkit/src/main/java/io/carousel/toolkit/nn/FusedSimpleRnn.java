package io.carousel.toolkit.nn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link SimpleRnn} configuration, run by {@link FusedSimpleRnnLayer}: the same parameters, initialisation and
 * results, many times faster on the CPU. Drop-in wherever a {@code SimpleRnn} goes, including {@code LastTimeStep}
 * and {@code Bidirectional}; saved and restored by {@code ModelSerializer} like any layer.
 *
 * <pre>{@code
 * FusedSimpleRnn rnn = FusedSimpleRnn.of(new SimpleRnn.Builder().nOut(32).build());
 * }</pre>
 */
public class FusedSimpleRnn extends SimpleRnn {

    /** For deserialisation; build one with {@link #of}. */
    public FusedSimpleRnn() {
        super(new SimpleRnn.Builder());
    }

    /** The fused layer configured exactly as {@code rnn}, every setting carried over. */
    public static FusedSimpleRnn of(SimpleRnn rnn) {
        return LayerConfigs.retype(rnn, FusedSimpleRnn.class);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.instantiate(new FusedSimpleRnnLayer(conf, networkDataType), this, conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }
}
