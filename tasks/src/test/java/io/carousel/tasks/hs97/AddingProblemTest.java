package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The generator's rules, checked on many samples, as PAPER.md's experiment 4 states them. */
class AddingProblemTest {

    private static final int SAMPLES = 4_000;

    /** One generated sequence, unpacked. */
    private record Sequence(int length, float[] values, float[] markers, float target) {
    }

    private static List<Sequence> sample(AddingProblem task, int n, long seed) {
        DataSet ds = task.batch(n, seed);
        List<Sequence> out = new ArrayList<>();
        INDArray mask = ds.getFeaturesMaskArray();
        for (int s = 0; s < n; s++) {
            int len = mask == null ? task.maxLength() : mask.getRow(s).sumNumber().intValue();
            float[] values = ds.getFeatures().get(NDArrayIndex.point(s),
                    NDArrayIndex.point(0),
                    NDArrayIndex.all()).toFloatVector();
            float[] markers = ds.getFeatures().get(NDArrayIndex.point(s),
                    NDArrayIndex.point(1),
                    NDArrayIndex.all()).toFloatVector();
            out.add(new Sequence(len, values, markers, ds.getLabels().getFloat(s, 0)));
        }
        return out;
    }

    @Test
    void layoutIsBatchFeaturesTimeWithMaskAndLastStepLabels() {
        AddingProblem task = new AddingProblem(100);
        DataSet ds = task.batch(7, 1);
        assertArrayEquals(new long[] {7, 2, 110}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {7, 110}, ds.getFeaturesMaskArray().shape());
        assertArrayEquals(new long[] {7, 1}, ds.getLabels().shape());
        assertEquals(DataType.FLOAT, ds.getFeatures().dataType());
        assertEquals(Task.Labels.LAST_STEP, task.labels());
        assertEquals(2, task.inputSize());
        assertEquals(1, task.outputSize());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 500})
    void lengthsAreUniformOverTToTPlusTenth(int t) {
        int[] counts = new int[t / 10 + 1];
        for (Sequence s : sample(new AddingProblem(t), SAMPLES, 11)) {
            assertTrue(s.length >= t && s.length <= t + t / 10, "length " + s.length);
            counts[s.length - t]++;
        }
        double expected = (double) SAMPLES / counts.length;
        for (int c : counts) {
            // Every length occurs, none wildly more often than the others (a loose check of uniformity).
            assertTrue(c > 0.5 * expected && c < 1.5 * expected, "count " + c + " vs expected " + expected);
        }
    }

    @Test
    void markersFollowThePaper() {
        int t = 100;
        int firstSeenAtZero = 0;
        int[] firstPositions = new int[10];
        for (Sequence s : sample(new AddingProblem(t), SAMPLES, 12)) {
            List<Integer> marked = new ArrayList<>();
            for (int i = 0; i < s.length; i++) {
                float m = s.markers[i];
                assertTrue(m == -1f || m == 0f || m == 1f, "marker " + m);
                if (m == 1f) {
                    marked.add(i);
                } else if (i == 0 || i == s.length - 1) {
                    assertEquals(-1f, m, "first and last pairs carry -1 unless marked");
                } else {
                    assertEquals(0f, m, "unmarked inner pairs carry 0");
                }
            }
            for (int i = s.length; i < s.markers.length; i++) {
                assertEquals(0f, s.markers[i], "padding is zero");
                assertEquals(0f, s.values[i], "padding is zero");
            }
            assertEquals(2, marked.size(), "exactly two pairs marked");
            // One mark among the first 10 pairs, the other among the first T/2-1 = 49.
            int a = marked.get(0);
            int b = marked.get(1);
            assertTrue(a < 10 || b < 10, "one mark among the first 10 pairs: " + marked);
            assertTrue(a < t / 2 - 1 && b < t / 2 - 1, "both marks among the first T/2-1 pairs: " + marked);
            if (a < 10) {
                firstPositions[a]++;
            }
            if (marked.contains(0)) {
                firstSeenAtZero++;
                assertEquals(0f, s.values[0], "a marked first pair has value 0");
            }
            for (int i = 0; i < s.length; i++) {
                assertTrue(s.values[i] >= -1f && s.values[i] <= 1f);
            }
            double expected = 0.5 + (s.values[a] + (double) s.values[b]) / 4.0;
            assertEquals(expected, s.target, 1e-6, "target 0.5 + (X1 + X2) / 4");
        }
        assertTrue(firstSeenAtZero > 0, "the first pair is sometimes marked");
        for (int c : firstPositions) {
            assertTrue(c > 0, "every one of the first 10 positions is used");
        }
    }

    @Test
    void valuesAreUniformOverMinusOneToOne() {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (Sequence s : sample(new AddingProblem(100), 500, 13)) {
            for (int i = 1; i < s.length; i++) {
                sum += s.values[i];
                sumSq += s.values[i] * s.values[i];
                n++;
            }
        }
        assertEquals(0.0, sum / n, 0.01, "mean of U[-1,1]");
        assertEquals(1.0 / 3.0, sumSq / n, 0.01, "variance of U[-1,1]");
    }

    @Test
    void fixedLengthGivesExactlyT() {
        AddingProblem task = new AddingProblem(50, true);
        for (Sequence s : sample(task, 200, 3)) {
            assertEquals(50, s.length);
        }
    }

    @Test
    void fixedLengthBatchesHaveNoMask() {
        DataSet ds = new AddingProblem(30, true).batch(5, 3);
        assertArrayEquals(new long[] {5, 2, 30}, ds.getFeatures().shape());
        assertEquals(null, ds.getFeaturesMaskArray());
    }

    @Test
    void sameSeedSameSequencesBitForBit() {
        AddingProblem task = new AddingProblem(100);
        DataSet a = task.batch(64, 42);
        DataSet b = task.batch(64, 42);
        assertEquals(a.getFeatures(), b.getFeatures());
        assertEquals(a.getLabels(), b.getLabels());
        assertEquals(a.getFeaturesMaskArray(), b.getFeaturesMaskArray());
        assertArrayEquals(a.getFeatures().data().asInt(), b.getFeatures().data().asInt(), "bit for bit");
        assertNotEquals(a.getFeatures(), task.batch(64, 43).getFeatures());
    }

    @Test
    void judgeUsesTheTolerance() {
        AddingProblem task = new AddingProblem(100);
        DataSet ds = task.batch(4, 5);
        INDArray labels = ds.getLabels();
        INDArray predictions = labels.dup();
        predictions.putScalar(0, 0, labels.getDouble(0, 0) + 0.039);
        predictions.putScalar(1, 0, labels.getDouble(1, 0) - 0.041);
        predictions.putScalar(2, 0, labels.getDouble(2, 0) + 0.5);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, false, true}, v.correct());
        assertEquals(2, v.wrong());
        assertEquals((0.039 * 0.039 + 0.041 * 0.041 + 0.25) / 4, v.mse(), 1e-6);
    }

    @Test
    void judgeRejectsMisshapenPredictions() {
        AddingProblem task = new AddingProblem(100);
        DataSet ds = task.batch(4, 5);
        assertThrows(IllegalArgumentException.class, () -> task.judge(ds, Nd4j.zeros(DataType.FLOAT, 3, 1)));
    }

    @Test
    void rejectsTooShortT() {
        assertThrows(IllegalArgumentException.class, () -> new AddingProblem(9));
        assertFalse(new AddingProblem(10).fixedLength());
    }
}
