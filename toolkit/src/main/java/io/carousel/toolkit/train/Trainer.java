package io.carousel.toolkit.train;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.toolkit.config.StopRule;
import io.carousel.toolkit.config.TrainingSpec;
import io.carousel.toolkit.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains a network on fresh sequences from a task until the task's stopping rule holds or the budget is spent.
 *
 * <p>Every iteration draws a new batch (batch {@code i} is a pure function of the seed and {@code i}), fits it, and
 * judges the predictions the network made on it before the update, as the 1997 paper's online training does. The
 * trainer writes nothing: monitors do that.
 */
public final class Trainer {

    private final TrainingSpec spec;
    private final long seed;
    private final List<TrainingMonitor> monitors;

    public Trainer(TrainingSpec spec, long seed, List<TrainingMonitor> monitors) {
        this.spec = spec;
        this.seed = seed;
        this.monitors = List.copyOf(monitors);
    }

    public TrainingOutcome train(MultiLayerNetwork net, Task task) {
        StoppingRule rule = task.stoppingRule();
        boolean byRule = spec.stop() == StopRule.PAPER;
        // A validation set small enough is drawn once and kept; a larger one is drawn afresh, chunk by chunk, from
        // the same seed at each evaluation, so that wide long sequences need not sit in memory.
        long validationSeed = Seeds.derive(seed, Seeds.VALIDATION, 0);
        DataSet validation = task.fixedValidationSet().orElseGet(() -> spec.evalSequences()
                <= Evaluator.chunkSize(task) ? task.batch(spec.evalSequences(), validationSeed) : null);
        EarlyStopping early = spec.stop() == StopRule.EARLY_STOPPING ? new EarlyStopping(spec.patience()) : null;
        PredictionCapture capture = new PredictionCapture();
        List<TrainingListener> listeners = new ArrayList<>(net.getListeners());
        net.addListeners(capture);

        List<MetricsRow> history = new ArrayList<>();
        long start = System.nanoTime();
        long sequences = 0;
        long iterations = 0;
        long nextEval = spec.evalEvery();
        long checks = 0;
        long nextCheck = rule.checkEvery();
        Interval interval = new Interval();
        TrainingOutcome.StopReason reason;
        monitors.forEach(m -> m.onStart(spec.maxSequences()));
        try {
            while (true) {
                if (byRule && rule.satisfied()) {
                    reason = TrainingOutcome.StopReason.SOLVED;
                    break;
                }
                if (sequences >= spec.maxSequences()) {
                    reason = TrainingOutcome.StopReason.BUDGET;
                    break;
                }
                int size = (int) Math.min(spec.batchSize(), spec.maxSequences() - sequences);
                DataSet batch = task.batch(size, Seeds.derive(seed, Seeds.TRAIN, iterations));
                net.fit(batch);
                double loss = net.score();
                Verdict verdict = task.judge(batch, capture.take());
                rule.observe(verdict);
                sequences += size;
                iterations++;
                interval.add(loss, verdict);
                double elapsed = seconds(start);
                if (!Double.isFinite(loss)) {
                    reason = TrainingOutcome.StopReason.DIVERGED;
                    break;
                }
                if (nextCheck > 0 && sequences >= nextCheck) {
                    rule.check(b -> Evaluator.predict(net, b), Seeds.derive(seed, Seeds.CHECK, checks++));
                    nextCheck += rule.checkEvery();
                }
                for (TrainingMonitor m : monitors) {
                    m.onBatch(sequences, loss, verdict, rule, elapsed);
                }
                if (sequences >= nextEval) {
                    MetricsRow row = evaluate(net, task, validation, validationSeed, sequences, interval, elapsed);
                    history.add(row);
                    nextEval += spec.evalEvery();
                    if (early != null && early.observe(row, net)) {
                        reason = TrainingOutcome.StopReason.EARLY_STOPPED;
                        break;
                    }
                }
            }
        } finally {
            net.setListeners(listeners);
        }
        if (interval.sequences > 0 || history.isEmpty()) {
            MetricsRow row = evaluate(net, task, validation, validationSeed, sequences, interval, seconds(start));
            history.add(row);
            if (early != null) {
                early.observe(row, net);
            }
        }
        long kept = sequences;
        if (early != null && reason != TrainingOutcome.StopReason.DIVERGED) {
            early.restoreBest(net);
            kept = early.bestSequences();
        }
        TrainingOutcome outcome = new TrainingOutcome(sequences, iterations, reason == TrainingOutcome.StopReason.SOLVED,
                reason, seconds(start), rule.milestones(), history, kept);
        monitors.forEach(m -> m.onFinish(outcome));
        return outcome;
    }

    private MetricsRow evaluate(MultiLayerNetwork net, Task task, DataSet validation, long validationSeed,
                                long sequences, Interval interval, double elapsed) {
        Verdict v = validation != null ? Evaluator.evaluate(net, task, validation)
                : Evaluator.evaluate(net, task, spec.evalSequences(), validationSeed);
        MetricsRow row = new MetricsRow(sequences, interval.meanLoss(), interval.fractionCorrect(), v.mse(),
                v.fractionCorrect(), elapsed);
        interval.reset();
        monitors.forEach(m -> m.onEvaluation(row));
        return row;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Training loss and correctness since the last evaluation. */
    private static final class Interval {
        long sequences;
        long correct;
        double lossSum;

        /** Whether the task judges correctness at all (forecasting tasks judge errors alone). */
        boolean judged = true;

        void add(double loss, Verdict v) {
            sequences += v.sequences();
            correct += v.sequences() - v.wrong();
            lossSum += loss * v.sequences();
            judged &= !Double.isNaN(v.fractionCorrect()) || v.sequences() == 0;
        }

        double meanLoss() {
            return sequences == 0 ? Double.NaN : lossSum / sequences;
        }

        double fractionCorrect() {
            return sequences == 0 || !judged ? Double.NaN : (double) correct / sequences;
        }

        void reset() {
            sequences = 0;
            correct = 0;
            lossSum = 0;
        }
    }
}
