package io.carousel.toolkit.train;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.toolkit.config.StopRule;
import io.carousel.toolkit.config.TrainingSpec;
import io.carousel.toolkit.eval.Evaluator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a network on fresh sequences from a task until the task's stopping rule holds or the budget is spent.
 *
 * <p>Every iteration draws a new batch (batch {@code i} is a pure function of the seed and {@code i}), fits it, and
 * judges the predictions the network made on it before the update, as the 1997 paper's online training does. The
 * trainer writes nothing but checkpoints: monitors do the rest. A run resumed from a checkpoint continues exactly
 * as if it had never stopped (on the CPU, bit for bit): the network carries its updater state, the
 * {@link TrainingState} the rest, and dropout draws from a random stream seeded by the iteration.
 */
public final class Trainer {

    private final TrainingSpec spec;
    private final long seed;
    private final List<TrainingMonitor> monitors;
    private Checkpoints checkpoints;
    private long checkpointEvery;

    public Trainer(TrainingSpec spec, long seed, List<TrainingMonitor> monitors) {
        this.spec = spec;
        this.seed = seed;
        this.monitors = List.copyOf(monitors);
    }

    /** Writes a checkpoint to {@code to} every {@code every} training sequences (at the iteration that passes it). */
    public Trainer checkpointingTo(Checkpoints to, long every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        this.checkpoints = to;
        this.checkpointEvery = every;
        return this;
    }

    /** Trains {@code net} from the start. */
    public TrainingOutcome train(MultiLayerNetwork net, Task task) {
        StoppingRule rule = task.stoppingRule();
        TrainingState state = new TrainingState();
        state.nextEval = spec.evalEvery();
        state.nextCheck = rule.checkEvery();
        return run(net, task, rule, state);
    }

    /** Continues training {@code net} (restored from a checkpoint) from {@code state}, the checkpoint's. */
    public TrainingOutcome resume(MultiLayerNetwork net, Task task, TrainingState state) {
        StoppingRule rule = task.stoppingRule();
        try {
            rule.restore(new DataInputStream(new ByteArrayInputStream(state.rule)));
        } catch (IOException e) {
            throw new UncheckedIOException("the checkpoint's stopping-rule state does not fit this task", e);
        }
        return run(net, task, rule, state);
    }

    private TrainingOutcome run(MultiLayerNetwork net, Task task, StoppingRule rule, TrainingState s) {
        boolean byRule = spec.stop() == StopRule.PAPER;
        // A validation set small enough is drawn once and kept; a larger one is drawn afresh, chunk by chunk, from
        // the same seed at each evaluation, so that wide long sequences need not sit in memory.
        long validationSeed = Seeds.derive(seed, Seeds.VALIDATION, 0);
        DataSet validation = task.fixedValidationSet().orElseGet(() -> spec.evalSequences()
                <= Evaluator.chunkSize(task) ? task.batch(spec.evalSequences(), validationSeed) : null);
        EarlyStopping early = spec.stop() == StopRule.EARLY_STOPPING ? new EarlyStopping(spec.patience(), s) : null;
        PredictionCapture capture = new PredictionCapture();
        List<TrainingListener> listeners = new ArrayList<>(net.getListeners());
        net.addListeners(capture);

        long start = System.nanoTime();
        long nextCheckpoint = (s.sequences / Math.max(1, checkpointEvery) + 1) * checkpointEvery;
        TrainingOutcome.StopReason reason;
        monitors.forEach(m -> m.onStart(spec.maxSequences()));
        try {
            while (true) {
                if (byRule && rule.satisfied()) {
                    reason = TrainingOutcome.StopReason.SOLVED;
                    break;
                }
                if (s.sequences >= spec.maxSequences()) {
                    reason = TrainingOutcome.StopReason.BUDGET;
                    break;
                }
                int size = (int) Math.min(spec.batchSize(), spec.maxSequences() - s.sequences);
                DataSet batch = task.batch(size, Seeds.derive(seed, Seeds.TRAIN, s.iterations));
                Nd4j.getRandom().setSeed(Seeds.derive(seed, Seeds.DROPOUT, s.iterations));
                net.fit(batch);
                double loss = net.score();
                Verdict verdict = task.judge(batch, capture.take());
                if (!Double.isFinite(loss) || !Double.isFinite(net.params().sumNumber().doubleValue())) {
                    // Stop before anything learns from, records or checkpoints the broken network.
                    s.iterations++;
                    s.sequences += size;
                    reason = TrainingOutcome.StopReason.DIVERGED;
                    break;
                }
                rule.observe(verdict);
                s.sequences += size;
                s.iterations++;
                s.intervalSequences += verdict.sequences();
                s.intervalCorrect += verdict.sequences() - verdict.wrong();
                s.intervalLoss += loss * verdict.sequences();
                s.intervalJudged &= !Double.isNaN(verdict.fractionCorrect()) || verdict.sequences() == 0;
                double elapsed = s.secondsBefore + seconds(start);
                if (s.nextCheck > 0 && s.sequences >= s.nextCheck) {
                    rule.check(b -> Evaluator.predict(net, b), Seeds.derive(seed, Seeds.CHECK, s.checks++));
                    s.nextCheck += rule.checkEvery();
                }
                for (TrainingMonitor m : monitors) {
                    m.onBatch(s.sequences, loss, verdict, rule, elapsed);
                }
                boolean stopEarly = false;
                if (s.sequences >= s.nextEval) {
                    MetricsRow row = evaluate(net, task, validation, validationSeed, s, elapsed);
                    s.nextEval += spec.evalEvery();
                    stopEarly = early != null && early.observe(row, net);
                }
                if (checkpoints != null && s.sequences >= nextCheckpoint) {
                    nextCheckpoint = (s.sequences / checkpointEvery + 1) * checkpointEvery;
                    checkpoint(net, rule, s, start);
                }
                if (stopEarly) {
                    reason = TrainingOutcome.StopReason.EARLY_STOPPED;
                    break;
                }
            }
        } finally {
            net.setListeners(listeners);
        }
        double elapsed = s.secondsBefore + seconds(start);
        if (reason != TrainingOutcome.StopReason.DIVERGED && (s.intervalSequences > 0 || s.history.isEmpty())) {
            MetricsRow row = evaluate(net, task, validation, validationSeed, s, elapsed);
            if (early != null) {
                early.observe(row, net);
            }
        }
        long kept = s.sequences;
        if (early != null && reason != TrainingOutcome.StopReason.DIVERGED) {
            early.restoreBest(net);
            kept = s.bestSequences;
        }
        TrainingOutcome outcome = new TrainingOutcome(s.sequences, s.iterations,
                reason == TrainingOutcome.StopReason.SOLVED, reason, elapsed, rule.milestones(), s.history, kept,
                checkpoints == null ? null : checkpoints.latest().orElse(null));
        monitors.forEach(m -> m.onFinish(outcome));
        return outcome;
    }

    private void checkpoint(MultiLayerNetwork net, StoppingRule rule, TrainingState s, long start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            rule.save(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        s.rule = bytes.toByteArray();
        double before = s.secondsBefore;
        s.secondsBefore = before + seconds(start);
        Path file;
        try {
            file = checkpoints.write(s.sequences, s.checkpoint(net));
        } finally {
            s.secondsBefore = before;
        }
        monitors.forEach(m -> m.onCheckpoint(file, s.sequences));
    }

    private MetricsRow evaluate(MultiLayerNetwork net, Task task, DataSet validation, long validationSeed,
                                TrainingState s, double elapsed) {
        Verdict v = validation != null ? Evaluator.evaluate(net, task, validation)
                : Evaluator.evaluate(net, task, spec.evalSequences(), validationSeed);
        boolean any = s.intervalSequences > 0;
        MetricsRow row = new MetricsRow(s.sequences, any ? s.intervalLoss / s.intervalSequences : Double.NaN,
                any && s.intervalJudged ? (double) s.intervalCorrect / s.intervalSequences : Double.NaN, v.mse(),
                v.fractionCorrect(), elapsed);
        s.intervalSequences = 0;
        s.intervalCorrect = 0;
        s.intervalLoss = 0;
        s.intervalJudged = true;
        s.history.add(row);
        monitors.forEach(m -> m.onEvaluation(row));
        return row;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
