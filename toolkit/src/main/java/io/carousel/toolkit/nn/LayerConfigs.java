package io.carousel.toolkit.nn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/** What the layer configurations of this package share. */
final class LayerConfigs {

    private LayerConfigs() {
    }

    /**
     * {@code config} as an instance of its subclass {@code type}, through DL4J's own JSON mapping: every setting the
     * builder took carries over, and the result is known to serialise, because that is how it was made.
     */
    static <T extends Layer> T retype(Layer config, Class<T> type) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ObjectNode tree = mapper.valueToTree(config);
        tree.put("@class", type.getName());
        try {
            return type.cast(mapper.treeToValue(tree, Layer.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot convert " + config.getClass().getSimpleName() + " to "
                    + type.getSimpleName(), e);
        }
    }

    /** DL4J's gradient of an LSTM-shaped layer: input weights, recurrent weights and bias, under LSTM's keys. */
    static Gradient lstmGradient(INDArray dw, INDArray drw, INDArray db) {
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, dw);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, drw);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, db);
        return gradient;
    }

    /** What DL4J's {@code LSTM.instantiate} does, for our layers. */
    static org.deeplearning4j.nn.api.Layer instantiate(org.deeplearning4j.nn.layers.BaseLayer<?> layer,
                                                       BaseRecurrentLayer config,
                                                       NeuralNetConfiguration conf,
                                                       Collection<TrainingListener> listeners, int index,
                                                       INDArray paramsView, boolean initializeParams) {
        LayerValidation.assertNInNOutSet(config.getClass().getSimpleName(), config.getLayerName(), index,
                config.getNIn(), config.getNOut());
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = config.initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
