package io.carousel.toolkit.model;

import io.carousel.tasks.Task;
import io.carousel.toolkit.Backends;
import io.carousel.toolkit.config.Backend;
import io.carousel.toolkit.config.LayerImpl;
import io.carousel.toolkit.nn.FusedGravesLstm;
import io.carousel.toolkit.nn.FusedLstm;
import io.carousel.toolkit.nn.FusedSimpleRnn;
import io.carousel.toolkit.nn.Lstm1997;
import io.carousel.toolkit.config.ActivationName;
import io.carousel.toolkit.config.ClipMode;
import io.carousel.toolkit.config.LayerSpec;
import io.carousel.toolkit.config.LossName;
import io.carousel.toolkit.config.ModelSpec;
import io.carousel.toolkit.config.OptimizerSpec;
import io.carousel.toolkit.config.OutputAt;
import io.carousel.toolkit.config.ScheduleSpec;
import io.carousel.toolkit.config.TrainingSpec;
import io.carousel.toolkit.config.WeightInitName;
import java.util.List;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BidirectionalParamInitializer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Builds a DL4J {@link MultiLayerNetwork} from a model config: the layer stack, then an output layer at the last
 * step ({@link LastTimeStep} around the top recurrent layer, mask-aware, and an {@link OutputLayer}) or at every
 * step ({@link RnnOutputLayer}). Input sizes are inferred from the task ({@code InputType.recurrent}). LSTM layers are
 * {@link FusedLstm} / {@link FusedGravesLstm} unless the config says {@code impl: dl4j} or the backend is CUDA (where
 * DL4J's own layer runs on cuDNN); {@code lstm_1997} layers are Carousel's {@link Lstm1997}.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /** A network for {@code task}, initialised from {@code seed}, not yet trained. */
    public static MultiLayerNetwork create(ModelSpec model, TrainingSpec training, Task task, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(model, training, task, seed));
        net.init();
        initInputGateBiases(net, model.layers());
        return net;
    }

    /**
     * DL4J initialises every input-gate bias to 0 and has no setting for it; set the configured value. DL4J's LSTM
     * biases are ordered IFOG (block input, forget gate, output gate, input gate), so the input gate is the last
     * quarter.
     */
    static void initInputGateBiases(MultiLayerNetwork net, List<LayerSpec> layers) {
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec spec = layers.get(i);
            List<String> keys = List.of(LSTMParamInitializer.BIAS_KEY);
            if (spec instanceof LayerSpec.Bidirectional b) {
                spec = b.layer();
                keys = List.of(BidirectionalParamInitializer.FORWARD_PREFIX + LSTMParamInitializer.BIAS_KEY,
                        BidirectionalParamInitializer.BACKWARD_PREFIX + LSTMParamInitializer.BIAS_KEY);
            }
            if (spec instanceof LayerSpec.Cell cell && cell.inputGateBias() != 0) {
                for (String key : keys) {
                    INDArray bias = net.getParam(i + "_" + key);
                    long n = cell.width();
                    bias.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * n, 4 * n)).assign(cell.inputGateBias());
                }
            }
        }
    }

    public static MultiLayerConfiguration configuration(ModelSpec model, TrainingSpec training, Task task, long seed) {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(updater(training.optimizer(), training.batchSize()))
                .weightInit(weightInit(model.weightInit()));
        if (model.l2() > 0) {
            builder.l2(model.l2());
        }
        if (training.gradientClip() > 0) {
            builder.gradientNormalization(training.gradientClipMode() == ClipMode.VALUE
                            ? GradientNormalization.ClipElementWiseAbsoluteValue
                            : GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(training.gradientClip());
        }
        NeuralNetConfiguration.ListBuilder list = builder.list();
        List<LayerSpec> layers = model.layers();
        boolean atLast = model.output().at() == OutputAt.LAST;
        int lastRecurrent = lastRecurrentIndex(layers);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layer(layers.get(i));
            list.layer(atLast && i == lastRecurrent ? new LastTimeStep(layer) : layer);
        }
        ActivationName outAct = model.output().activation();
        LossFunctions.LossFunction loss = loss(model.output().loss());
        list.layer(atLast
                ? new OutputLayer.Builder(loss).activation(activation(outAct)).nOut(task.outputSize()).build()
                : new RnnOutputLayer.Builder(loss).activation(activation(outAct)).nOut(task.outputSize()).build());
        list.setInputType(InputType.recurrent(task.inputSize()));
        return list.build();
    }

    static int lastRecurrentIndex(List<LayerSpec> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i).recurrent()) {
                return i;
            }
        }
        throw new IllegalArgumentException("the model has no recurrent layer");
    }

    static Layer layer(LayerSpec spec) {
        if (spec instanceof LayerSpec.Bidirectional b) {
            return new Bidirectional(Bidirectional.Mode.valueOf(b.mode().name()), layer(b.layer()));
        }
        BaseLayer.Builder<?> builder;
        if (spec instanceof LayerSpec.Lstm l) {
            builder = new LSTM.Builder().nOut(l.units()).activation(activation(l.activation()))
                    .gateActivationFunction(activation(l.gateActivation())).forgetGateBiasInit(l.forgetBias());
        } else if (spec instanceof LayerSpec.GravesLstm l) {
            builder = new GravesLSTM.Builder().nOut(l.units()).activation(activation(l.activation()))
                    .gateActivationFunction(activation(l.gateActivation())).forgetGateBiasInit(l.forgetBias());
        } else if (spec instanceof LayerSpec.Lstm1997 l) {
            builder = new Lstm1997.Builder().nOut(l.units()).inputGateBiasInit(l.inputGateBias())
                    .outputGateBiasInit(l.outputGateBias());
        } else if (spec instanceof LayerSpec.SimpleRnn l) {
            builder = new SimpleRnn.Builder().nOut(l.units()).activation(activation(l.activation()));
        } else if (spec instanceof LayerSpec.Dense l) {
            builder = new DenseLayer.Builder().nOut(l.units()).activation(activation(l.activation()));
        } else {
            throw new IllegalArgumentException("unknown layer spec " + spec);
        }
        if (spec.dropout() > 0) {
            // DL4J's dropOut(p) takes the probability of *keeping* an input.
            builder.dropOut(1.0 - spec.dropout());
        }
        Layer built = builder.build();
        LayerImpl impl = spec instanceof LayerSpec.Cell cell ? cell.impl()
                : spec instanceof LayerSpec.SimpleRnn rnn ? rnn.impl() : LayerImpl.DL4J;
        if (impl != LayerImpl.FUSED || Backends.current() != Backend.CPU) {
            return built;
        }
        if (built instanceof SimpleRnn rnn) {
            return FusedSimpleRnn.of(rnn);
        }
        return built instanceof GravesLSTM graves ? FusedGravesLstm.of(graves) : FusedLstm.of((LSTM) built);
    }

    /** The updater, with the schedule's "every N sequences" converted to iterations of {@code batchSize}. */
    static IUpdater updater(OptimizerSpec spec, int batchSize) {
        ISchedule schedule = schedule(spec.schedule(), spec.learningRate(), batchSize);
        double lr = spec.learningRate();
        return switch (spec.type()) {
            case SGD -> schedule == null ? new Sgd(lr) : new Sgd(schedule);
            case ADAM -> schedule == null ? new Adam(lr) : new Adam(schedule);
            case RMSPROP -> schedule == null ? new RmsProp(lr) : new RmsProp(schedule);
            case NESTEROVS -> schedule == null ? new Nesterovs(lr, spec.momentum())
                    : new Nesterovs(schedule, spec.momentum());
        };
    }

    static ISchedule schedule(ScheduleSpec spec, double learningRate, int batchSize) {
        if (spec == null) {
            return null;
        }
        double everyIterations = Math.max(1.0, (double) spec.every() / batchSize);
        return switch (spec.type()) {
            case STEP -> new StepSchedule(ScheduleType.ITERATION, learningRate, spec.factor(), everyIterations);
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.ITERATION, learningRate,
                    Math.pow(spec.factor(), 1.0 / everyIterations));
        };
    }

    static Activation activation(ActivationName name) {
        return switch (name) {
            case IDENTITY -> Activation.IDENTITY;
            case SIGMOID -> Activation.SIGMOID;
            case TANH -> Activation.TANH;
            case RELU -> Activation.RELU;
            case LEAKYRELU -> Activation.LEAKYRELU;
            case ELU -> Activation.ELU;
            case SELU -> Activation.SELU;
            case GELU -> Activation.GELU;
            case SOFTSIGN -> Activation.SOFTSIGN;
            case HARDSIGMOID -> Activation.HARDSIGMOID;
            case HARDTANH -> Activation.HARDTANH;
            case SOFTMAX -> Activation.SOFTMAX;
        };
    }

    static LossFunctions.LossFunction loss(LossName name) {
        return switch (name) {
            case MSE -> LossFunctions.LossFunction.MSE;
            case MAE -> LossFunctions.LossFunction.L1;
            case XENT -> LossFunctions.LossFunction.XENT;
            case MCXENT -> LossFunctions.LossFunction.MCXENT;
        };
    }

    static WeightInit weightInit(WeightInitName name) {
        return switch (name) {
            case XAVIER -> WeightInit.XAVIER;
            case XAVIER_UNIFORM -> WeightInit.XAVIER_UNIFORM;
            case RELU -> WeightInit.RELU;
            case RELU_UNIFORM -> WeightInit.RELU_UNIFORM;
            case LECUN_NORMAL -> WeightInit.LECUN_NORMAL;
            case LECUN_UNIFORM -> WeightInit.LECUN_UNIFORM;
            case UNIFORM -> WeightInit.UNIFORM;
            case NORMAL -> WeightInit.NORMAL;
        };
    }
}
