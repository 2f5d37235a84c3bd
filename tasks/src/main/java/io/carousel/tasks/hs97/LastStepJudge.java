package io.carousel.tasks.hs97;

import io.carousel.tasks.Verdict;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Judges last-step targets: a sequence is correct when every output's absolute error is below a tolerance. */
final class LastStepJudge {

    private LastStepJudge() {
    }

    /** Fails unless the predictions are shaped like the labels: every judge's first check. */
    static void requireSameShape(INDArray labels, INDArray predictions) {
        if (!Arrays.equals(labels.shape(), predictions.shape())) {
            throw new IllegalArgumentException("predictions have shape " + Arrays.toString(predictions.shape())
                    + " but labels have shape " + Arrays.toString(labels.shape()));
        }
    }

    static Verdict judge(INDArray labels, INDArray predictions, double tolerance) {
        requireSameShape(labels, predictions);
        int n = (int) labels.size(0);
        int outputs = (int) labels.size(1);
        // One flat copy each: toDoubleMatrix() makes a view per row, which costs more than the whole judgement.
        double[] y = labels.dup('c').data().asDouble();
        double[] p = predictions.dup('c').data().asDouble();
        boolean[] correct = new boolean[n];
        double[] squaredError = new double[n];
        for (int i = 0; i < n; i++) {
            boolean ok = true;
            double sum = 0;
            for (int j = 0; j < outputs; j++) {
                double err = p[i * outputs + j] - y[i * outputs + j];
                ok &= Math.abs(err) < tolerance;
                sum += err * err;
            }
            correct[i] = ok;
            squaredError[i] = sum / outputs;
        }
        return new Verdict(correct, squaredError);
    }
}
