package io.carousel.tasks.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

class ForecastProblemTest {

    static final ForecastSettings AIRLINE = new ForecastSettings(12, 6, 12, new SeriesTransform(true, 12, true),
            ForecastSettings.Scaling.STANDARDIZE, 12, 24, 2, ForecastSettings.Backtest.REFIT);

    static Series airline() {
        return SeriesCsv.builtIn("airline-passengers", "month", List.of("passengers"), List.of());
    }

    /** The airline series with every value from {@code from} on multiplied by {@code factor}. */
    static Series scaledFrom(Series s, int from, double factor) {
        double[] v = s.column(0);
        for (int t = from; t < v.length; t++) {
            v[t] *= factor;
        }
        return new Series(s.source(), s.timeColumn(), s.times(), s.columns(), 1, new double[][] {v}, s.lines());
    }

    @Test
    void foldsSplitTheTestPeriodAndTrainingEndsBeforeValidation() {
        ForecastProblem p = new ForecastProblem(airline(), AIRLINE);
        assertEquals(120, p.testStart());
        assertEquals(120, p.foldStart(0));
        assertEquals(132, p.foldStart(1));
        assertEquals(144, p.foldStart(2));
        assertEquals(108, p.trainingEnd(0));
        assertEquals(120, p.trainingEnd(1));
        // refit: fold 0 forecasts from origins 119..130, fold 1 from 131..137 (the last whose 6 steps exist)
        assertEquals(range(119, 130), p.testOrigins(0));
        assertEquals(range(131, 137), p.testOrigins(1));
    }

    @Test
    void theScalerAndTheTrainingWindowsNeverSeeValidationOrTestData() {
        ForecastProblem clean = new ForecastProblem(airline(), AIRLINE);
        // Change everything from the validation part of model 0 on: a leak would change what model 0 learns from.
        ForecastProblem changed = new ForecastProblem(scaledFrom(airline(), clean.trainingEnd(0), 1000), AIRLINE);
        ForecastTask a = clean.task(0, "forecast");
        ForecastTask b = changed.task(0, "forecast");
        NormalizerStandardize sa = (NormalizerStandardize) a.scaler();
        NormalizerStandardize sb = (NormalizerStandardize) b.scaler();
        assertEquals(sa.getMean(), sb.getMean());
        assertEquals(sa.getStd(), sb.getStd());
        assertEquals(a.trainingWindows(), b.trainingWindows());
        DataSet ta = a.batch(a.trainingWindows() * 4, 5);
        DataSet tb = b.batch(b.trainingWindows() * 4, 5);
        assertEquals(ta.getFeatures(), tb.getFeatures());
        assertEquals(ta.getLabels(), tb.getLabels());
        // ... while the validation windows, which judge early stopping, do see the change.
        assertNotEquals(a.fixedValidationSet().orElseThrow().getLabels(),
                b.fixedValidationSet().orElseThrow().getLabels());
    }

    @Test
    void aPerfectNetworkForecastsTheActualValuesThroughScalingAndTransforms() {
        ForecastProblem p = new ForecastProblem(airline(), AIRLINE);
        ForecastTask task = p.task(1, "forecast");
        List<Integer> origins = p.testOrigins(1);
        DataSet windows = p.windows(origins, task.scaler());
        INDArray labels = windows.getLabels();
        double[][][] f = p.forecast(origins, task.scaler(), features -> labels);
        for (int i = 0; i < origins.size(); i++) {
            double[][] actual = p.actual(origins.get(i));
            for (int h = 0; h < 6; h++) {
                assertEquals(actual[h][0], f[i][h][0], 1e-3 * actual[h][0], "origin " + origins.get(i) + " step " + h);
            }
        }
    }

    @Test
    void windowsHoldTheLookbackAndTheStepsAheadInOrder() {
        ForecastSettings plain = new ForecastSettings(3, 2, 1, new SeriesTransform(false, 0, false),
                ForecastSettings.Scaling.NONE, 2, 4, 1, ForecastSettings.Backtest.ROLL);
        ForecastProblem p = new ForecastProblem(airline(), plain);
        DataSet w = p.windows(List.of(5), null);
        assertArrayEquals(new long[] {1, 1, 3}, w.getFeatures().shape());
        // airline: 112, 118, 132, 129, 121, 135, 148, 148, ...; origin 5 sees steps 3..5 and forecasts 6 and 7
        assertArrayEquals(new double[] {129, 121, 135}, w.getFeatures().ravel().toDoubleVector(), 1e-9);
        assertArrayEquals(new double[] {148, 148}, w.getLabels().ravel().toDoubleVector(), 1e-9);
    }

    @Test
    void transformsInvertExactly() {
        double[] y = airline().column(0);
        for (SeriesTransform t : List.of(new SeriesTransform(false, 0, false), new SeriesTransform(true, 0, false),
                new SeriesTransform(false, 0, true), new SeriesTransform(false, 12, false),
                new SeriesTransform(true, 12, true))) {
            double[] z = t.forward(y);
            for (int o : new int[] {30, 77, 130}) {
                double[] future = java.util.Arrays.copyOfRange(z, o + 1, o + 14);
                double[] back = t.invert(java.util.Arrays.copyOf(y, o + 1), future);
                assertArrayEquals(java.util.Arrays.copyOfRange(y, o + 1, o + 14), back, 1e-9, t.toString());
            }
            for (int i = 0; i < t.undefined(); i++) {
                assertTrue(Double.isNaN(z[i]));
            }
        }
    }

    @Test
    void mackeyGlassIsDeterministicBoundedAndAperiodic() {
        Series a = MackeyGlass.series(1000, 17);
        Series b = MackeyGlass.series(1000, 17);
        assertArrayEquals(a.values()[0], b.values()[0]);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : a.values()[0]) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        // The tau = 17 attractor lies roughly within [0.2, 1.4].
        assertTrue(min > 0.15 && min < 0.5, "min " + min);
        assertTrue(max > 1.1 && max < 1.5, "max " + max);
        // Chaotic, not periodic: the series does not repeat at any lag up to 200 steps.
        double[] x = a.values()[0];
        for (int lag = 1; lag <= 200; lag++) {
            double d = 0;
            for (int t = lag; t < x.length; t++) {
                d = Math.max(d, Math.abs(x[t] - x[t - lag]));
            }
            assertTrue(d > 0.05, "lag " + lag);
        }
    }

    static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            r.add(i);
        }
        return r;
    }
}
