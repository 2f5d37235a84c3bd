import io.carousel.tasks.hs97.AddingProblem;
import io.carousel.toolkit.Backends;
import io.carousel.toolkit.config.ConfigLoader;
import io.carousel.toolkit.config.ExperimentConfig;
import io.carousel.toolkit.model.NetworkFactory;
import io.carousel.toolkit.nn.FusedLstm;
import io.carousel.toolkit.train.Trainer;
import io.carousel.toolkit.train.TrainingOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Steady-state training throughput (sequences per second) on the adding problem's shapes, one thread.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp toolkit/target/toolkit.jar bench/LstmBench.java MODE CELL [REPS] [SECONDS]
 *      [THREADS]
 *   MODE: loop-dl4j | loop-fused  (a hand-written DL4J fit loop with DL4J's LSTM, or the fused layer)
 *         config-dl4j | config-fused  (Carousel's config path: YAML -> NetworkFactory -> Trainer, impl dl4j / fused;
 *                                      one Trainer run, timed by a monitor in windows of SECONDS)
 *   CELL: C1 (T=100, 16 units, batch 32) | C2 (T=100, 128 units, batch 64) | C3 (T=1000, 16 units, batch 32)
 * </pre>
 *
 * THREADS (default 1) sets ND4J's OpenMP and BLAS threads. Prints one line per repetition, {@code rep MODE CELL SEQ_PER_S}, after a warm-up that is not counted. Data: fixed
 * length T, fresh batches from Carousel's adding-problem generator; output at the last step, sigmoid, MSE, Adam 0.01.
 */
public class LstmBench {

    record Cell(int steps, int units, int batch) {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Cell cell = switch (args[1]) {
            case "C1" -> new Cell(100, 16, 32);
            case "C2" -> new Cell(100, 128, 64);
            case "C3" -> new Cell(1000, 16, 32);
            default -> throw new IllegalArgumentException("unknown cell " + args[1]);
        };
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 3.0;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        Backends.setThreads(threads);
        AddingProblem task = new AddingProblem(cell.steps(), true);
        List<Double> rates = new ArrayList<>();
        if (mode.startsWith("loop-")) {
            MultiLayerNetwork net = handWritten(cell, mode.equals("loop-fused"));
            long[] batchNo = {0};
            Runnable step = () -> net.fit(task.batch(cell.batch(), batchNo[0]++));
            timed(step, cell.batch(), seconds); // warm-up
            for (int r = 0; r < reps; r++) {
                rates.add(timed(step, cell.batch(), seconds));
            }
        } else if (mode.startsWith("config-")) {
            String impl = mode.equals("config-fused") ? "fused" : "dl4j";
            ExperimentConfig config = ConfigLoader.parse(String.join("\n",
                    "task: {type: adding, length: " + cell.steps() + ", fixed_length: true}",
                    "model:",
                    "  layers: [{type: lstm, units: " + cell.units() + ", impl: " + impl + "}]",
                    "  output: {activation: sigmoid, loss: mse, at: last}",
                    "training:",
                    "  optimizer: {type: adam, learning_rate: 0.01}",
                    "  batch_size: " + cell.batch(),
                    "  stop: max_sequences",
                    "  eval_every: 100000000"), "bench", "bench", List.of());
            MultiLayerNetwork net = NetworkFactory.create(config.model(), config.training(), task, 7);
            // A short run to warm up and to size the measured one, then one Trainer run (as `run` does) whose
            // batches a monitor slices into repetitions of `seconds`, the first one uncounted.
            long warmBudget = cell.batch() * 10L;
            TrainingOutcome warm;
            do {
                warmBudget *= 2;
                warm = new Trainer(withBudget(config, warmBudget), 6, List.of()).train(net, task);
            } while (warm.wallSeconds() < seconds);
            long budget = (long) (warm.sequencesPerSecond() * seconds * (reps + 1) * 1.5) / cell.batch() * cell.batch();
            Slices slices = new Slices(seconds, reps + 1);
            new Trainer(withBudget(config, budget), 7, List.of(slices)).train(net, task);
            rates.addAll(slices.rates.subList(1, Math.min(slices.rates.size(), reps + 1)));
        } else {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        for (double rate : rates) {
            System.out.printf("rep %s %s %.1f%n", mode, args[1], rate);
        }
        List<Double> sorted = new ArrayList<>(rates);
        Collections.sort(sorted);
        System.out.printf("median %s %s %.1f (min %.1f, max %.1f)%n", mode, args[1], sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** Sequences per second over consecutive windows of {@code seconds}, from the trainer's own clock. */
    static final class Slices implements io.carousel.toolkit.train.TrainingMonitor {
        final double seconds;
        final int wanted;
        final List<Double> rates = new ArrayList<>();
        long startSequences;
        double startTime = -1;

        Slices(double seconds, int wanted) {
            this.seconds = seconds;
            this.wanted = wanted;
        }

        @Override
        public void onBatch(long sequences, double loss, io.carousel.tasks.Verdict verdict,
                            io.carousel.tasks.StoppingRule rule, double elapsed) {
            if (startTime < 0) {
                startTime = elapsed;
                startSequences = sequences;
            } else if (elapsed - startTime >= seconds && rates.size() < wanted) {
                rates.add((sequences - startSequences) / (elapsed - startTime));
                startTime = elapsed;
                startSequences = sequences;
            }
        }
    }

    static io.carousel.toolkit.config.TrainingSpec withBudget(ExperimentConfig config, long sequences) {
        var t = config.training();
        return new io.carousel.toolkit.config.TrainingSpec(t.optimizer(), t.batchSize(), t.gradientClip(),
                t.gradientClipMode(), sequences, t.stop(), t.evalEvery(), t.evalSequences(), t.testSequences());
    }

    static MultiLayerNetwork handWritten(Cell cell, boolean fused) {
        LSTM lstm = new LSTM.Builder().nOut(cell.units()).activation(Activation.TANH).build();
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.FLOAT).updater(new Adam(0.01)).list()
                .layer(new LastTimeStep(fused ? FusedLstm.of(lstm) : lstm))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.SIGMOID).nOut(1)
                        .build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        return net;
    }

    /** Runs {@code step} for at least {@code seconds}; sequences per second. */
    static double timed(Runnable step, int batch, double seconds) {
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long iterations = 0;
        long now;
        do {
            step.run();
            iterations++;
            now = System.nanoTime();
        } while (now < end);
        return iterations * batch / ((now - start) / 1e9);
    }
}
