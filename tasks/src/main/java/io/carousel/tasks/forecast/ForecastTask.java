package io.carousel.tasks.forecast;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One model's data in a forecasting backtest ({@link ForecastProblem#task}): batches are windows of the training
 * part drawn at random (with replacement), judged by their squared error alone; the validation windows are fixed.
 * Forecasting has no criterion of success: training ends by early stopping on the validation windows, or when its
 * budget is spent.
 */
public final class ForecastTask implements Task {

    private final String name;
    private final int inputSize;
    private final int outputSize;
    private final DataSet training;
    private final DataSet validation;
    private final DataNormalization scaler;

    ForecastTask(String name, int inputSize, int outputSize, DataSet training, DataSet validation,
                 DataNormalization scaler) {
        if (training.numExamples() == 0) {
            throw new IllegalArgumentException("no training windows");
        }
        this.name = name;
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.training = training;
        this.validation = validation;
        this.scaler = scaler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public Labels labels() {
        return Labels.LAST_STEP;
    }

    /** Windows of the training part. */
    public int trainingWindows() {
        return training.numExamples();
    }

    /** The scaler fitted on the training part (null without scaling): saved with the model. */
    public DataNormalization scaler() {
        return scaler;
    }

    @Override
    public DataSet batch(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] rows = new long[size];
        for (int i = 0; i < size; i++) {
            rows[i] = random.nextInt(training.numExamples());
        }
        INDArray features = training.getFeatures().get(NDArrayIndex.indices(rows), NDArrayIndex.all(),
                NDArrayIndex.all());
        INDArray labels = Nd4j.pullRows(training.getLabels(), 1, toInts(rows));
        return new DataSet(features.dup('c'), labels);
    }

    @Override
    public Verdict judge(DataSet batch, INDArray predictions) {
        INDArray sq = predictions.sub(batch.getLabels());
        sq.muli(sq);
        return Verdict.errorsOnly(sq.mean(1).toDoubleVector());
    }

    @Override
    public StoppingRule stoppingRule() {
        return StoppingRule.never("");
    }

    /** The validation windows: the steps just before the fold, never trained on. */
    @Override
    public Optional<DataSet> fixedValidationSet() {
        return Optional.ofNullable(validation);
    }

    private static int[] toInts(long[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (int) rows[i];
        }
        return out;
    }
}
