package io.carousel.toolkit;

import io.carousel.tasks.RecentWindowRule;
import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** A test task with targets at every step: repeat the input of the step before. Lengths vary, so masks matter. */
public record EchoTask(int length) implements Task {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public int inputSize() {
        return 1;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public Labels labels() {
        return Labels.EVERY_STEP;
    }

    @Override
    public DataSet batch(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][][] x = new float[size][1][length];
        float[][][] y = new float[size][1][length];
        float[][] mask = new float[size][length];
        for (int s = 0; s < size; s++) {
            int len = length / 2 + r.nextInt(length - length / 2 + 1);
            for (int t = 0; t < len; t++) {
                x[s][0][t] = (float) r.nextDouble();
                y[s][0][t] = t == 0 ? 0f : x[s][0][t - 1];
                mask[s][t] = 1f;
            }
        }
        INDArray m = Nd4j.create(mask);
        return new DataSet(Nd4j.create(x), Nd4j.create(y), m, m);
    }

    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        int n = (int) predictions.size(0);
        boolean[] correct = new boolean[n];
        double[] err = new double[n];
        INDArray diff = predictions.sub(batch.getLabels()).muli(batch.getLabelsMaskArray().reshape(n, 1, length));
        for (int s = 0; s < n; s++) {
            INDArray d = diff.slice(s);
            double steps = batch.getLabelsMaskArray().getRow(s).sumNumber().doubleValue();
            err[s] = d.mul(d).sumNumber().doubleValue() / steps;
            correct[s] = d.amaxNumber().doubleValue() < 0.1;
        }
        return new Verdict(correct, err);
    }

    @Override
    public StoppingRule stoppingRule() {
        return new RecentWindowRule(100, 0.001);
    }
}
