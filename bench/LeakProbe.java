import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.LSTMLayer;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Where does a SameDiff graph built on libnd4j's {@code lstmLayer} op leak native memory? Runs one of three loops on
 * the C1 shapes and prints the process's native memory (resident minus what the JVM committed) every 200 iterations.
 *
 * <pre>
 * java -cp toolkit/target/toolkit.jar bench/LeakProbe.java MODE [ITERATIONS]
 * </pre>
 * MODE: op-forward, op-backward: {@code lstmLayer}, {@code lstmLayer_bp} alone, executed on arrays;
 * samediff-output: the graph's forward pass (inference);
 * samediff-fit: the graph trained with Adam (forward, lstmLayer_bp, updates).
 */
public class LeakProbe {
    static final int T = 100, N_IN = 2, UNITS = 16, BATCH = 32;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        LSTMLayerConfig config = LSTMLayerConfig.builder().lstmdataformat(LSTMDataFormat.NST)
                .directionMode(LSTMDirectionMode.FWD).gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                .retFullSequence(false).retLastH(true).retLastC(false).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, N_IN, T);
        INDArray y = Nd4j.rand(DataType.FLOAT, BATCH, 1);
        Runnable step;
        if (mode.startsWith("op-")) {
            INDArray wx = Nd4j.rand(DataType.FLOAT, N_IN, 4 * UNITS).subi(0.5);
            INDArray wr = Nd4j.rand(DataType.FLOAT, UNITS, 4 * UNITS).subi(0.5);
            INDArray bias = Nd4j.zeros(DataType.FLOAT, 4 * UNITS);
            LSTMLayerWeights w = LSTMLayerWeights.builder().iWeights(wx).irWeights(wr).iBias(bias).build();
            // LSTMLayer's array constructor in 1.0.0-M2.1 passes the inputs as outputs ("no operands provided"):
            // take its arguments and build the call by hand.
            LSTMLayer template = new LSTMLayer(x, null, null, null, w, config);
            INDArray gradLastH = Nd4j.rand(DataType.FLOAT, BATCH, UNITS);
            boolean backward = mode.equals("op-backward");
            step = () -> {
                DynamicCustomOp op = DynamicCustomOp.builder(backward ? "lstmLayer_bp" : "lstmLayer")
                        .addInputs(backward ? new INDArray[] {x, wx, wr, bias, gradLastH}
                                : new INDArray[] {x, wx, wr, bias})
                        .addIntegerArguments(java.util.Arrays.stream(template.iArgs()).mapToInt(v -> (int) v).toArray())
                        .addFloatingPointArguments(java.util.Arrays.stream(template.tArgs()).boxed()
                                .toArray(Double[]::new)).build();
                op.addBArgument(((DynamicCustomOp) template).bArgs());
                for (INDArray o : Nd4j.exec(op)) {
                    o.close();
                }
            };
        } else {
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, N_IN, T);
            SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 1);
            LSTMLayerWeights w = LSTMLayerWeights.builder()
                    .weights(sd.var("W", Nd4j.rand(DataType.FLOAT, N_IN, 4 * UNITS).subi(0.5)))
                    .rWeights(sd.var("RW", Nd4j.rand(DataType.FLOAT, UNITS, 4 * UNITS).subi(0.5)))
                    .bias(sd.var("b", Nd4j.zeros(DataType.FLOAT, 4 * UNITS))).build();
            SDVariable last = sd.rnn().lstmLayer(in, w, config)[0];
            SDVariable out = sd.nn().sigmoid(last.mmul(sd.var("Wout", Nd4j.rand(DataType.FLOAT, UNITS, 1))));
            sd.loss().meanSquaredError("loss", label, out, null);
            sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.01)).dataSetFeatureMapping("in")
                    .dataSetLabelMapping("label").build());
            DataSet ds = new DataSet(x, y);
            String outName = out.name();
            step = mode.equals("samediff-fit") ? () -> sd.fit(ds)
                    : () -> sd.output(Map.of("in", x), outName).get(outName).close();
        }
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i <= iterations; i++) {
            if (i % 200 == 0) {
                System.gc();
                Thread.sleep(100);
                long nativeBytes = Pointer.physicalBytes() - jvm.getHeapMemoryUsage().getCommitted()
                        - jvm.getNonHeapMemoryUsage().getCommitted();
                System.out.printf("%s iteration %d: native %d MB%n", mode, i, nativeBytes >> 20);
            }
            step.run();
        }
    }
}
