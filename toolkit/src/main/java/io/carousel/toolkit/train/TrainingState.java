package io.carousel.toolkit.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where training stands between two iterations: the counters, the loss and correctness since the last evaluation,
 * the evaluations so far, early stopping's best weights, and the stopping rule's state. With the network (weights,
 * updater state and iteration count) it is everything a checkpoint holds: the training data needs no state, as batch
 * {@code i} is a pure function of the seed and {@code i}.
 */
public final class TrainingState {

    private static final int VERSION = 1;
    private static final String MODEL = "model.zip";
    private static final String STATE = "state.bin";

    long sequences;
    long iterations;
    long nextEval;
    long checks;
    long nextCheck;
    /** Training seconds before this session (a resumed run's earlier sessions). */
    double secondsBefore;
    long intervalSequences;
    long intervalCorrect;
    double intervalLoss;
    boolean intervalJudged = true;
    final List<MetricsRow> history = new ArrayList<>();
    byte[] rule = new byte[0];
    /** Early stopping: the best validation MSE, when, its weights (null before any), evaluations since. */
    double best = Double.POSITIVE_INFINITY;
    long bestSequences;
    INDArray bestParams;
    int sinceBest;

    /** Writes a checkpoint's content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A checkpoint read back: the network (with its updater state) and where training stood. */
    public record Loaded(MultiLayerNetwork network, TrainingState state) {
    }

    public long sequences() {
        return sequences;
    }

    public long iterations() {
        return iterations;
    }

    /** Training seconds before the checkpoint (all earlier sessions of the run). */
    public double secondsBefore() {
        return secondsBefore;
    }

    /** The checkpoint of {@code net} at this state. */
    Writer checkpoint(MultiLayerNetwork net) {
        return out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(MODEL));
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, model, true);
            zip.write(model.toByteArray());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(STATE));
            DataOutputStream d = new DataOutputStream(zip);
            writeState(d);
            d.flush();
            zip.closeEntry();
            zip.finish();
        };
    }

    private void writeState(DataOutputStream d) throws IOException {
        d.writeInt(VERSION);
        d.writeLong(sequences);
        d.writeLong(iterations);
        d.writeLong(nextEval);
        d.writeLong(checks);
        d.writeLong(nextCheck);
        d.writeDouble(secondsBefore);
        d.writeLong(intervalSequences);
        d.writeLong(intervalCorrect);
        d.writeDouble(intervalLoss);
        d.writeBoolean(intervalJudged);
        d.writeInt(history.size());
        for (MetricsRow r : history) {
            d.writeLong(r.sequences());
            d.writeDouble(r.loss());
            d.writeDouble(r.fractionCorrect());
            d.writeDouble(r.validationMse());
            d.writeDouble(r.validationCorrect());
            d.writeDouble(r.elapsedSeconds());
        }
        d.writeInt(rule.length);
        d.write(rule);
        d.writeDouble(best);
        d.writeLong(bestSequences);
        d.writeInt(sinceBest);
        d.writeBoolean(bestParams != null);
        if (bestParams != null) {
            Nd4j.write(bestParams, d);
        }
    }

    /** Reads a checkpoint written by {@link Checkpoints#write}. */
    public static Loaded read(Path file) throws IOException {
        byte[] model = null;
        TrainingState state = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.getName().equals(MODEL)) {
                    model = zip.readAllBytes();
                } else if (e.getName().equals(STATE)) {
                    state = readState(new DataInputStream(new ByteArrayInputStream(zip.readAllBytes())));
                }
            }
        }
        if (model == null || state == null) {
            throw new IOException(file + " is not a complete checkpoint");
        }
        try (InputStream in = new ByteArrayInputStream(model)) {
            return new Loaded(ModelSerializer.restoreMultiLayerNetwork(in, true), state);
        }
    }

    private static TrainingState readState(DataInputStream d) throws IOException {
        int version = d.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint format " + version + ", this build reads " + VERSION);
        }
        TrainingState s = new TrainingState();
        s.sequences = d.readLong();
        s.iterations = d.readLong();
        s.nextEval = d.readLong();
        s.checks = d.readLong();
        s.nextCheck = d.readLong();
        s.secondsBefore = d.readDouble();
        s.intervalSequences = d.readLong();
        s.intervalCorrect = d.readLong();
        s.intervalLoss = d.readDouble();
        s.intervalJudged = d.readBoolean();
        for (int i = d.readInt(); i > 0; i--) {
            s.history.add(new MetricsRow(d.readLong(), d.readDouble(), d.readDouble(), d.readDouble(),
                    d.readDouble(), d.readDouble()));
        }
        s.rule = new byte[d.readInt()];
        d.readFully(s.rule);
        s.best = d.readDouble();
        s.bestSequences = d.readLong();
        s.sinceBest = d.readInt();
        if (d.readBoolean()) {
            s.bestParams = Nd4j.read(d);
        }
        return s;
    }
}
