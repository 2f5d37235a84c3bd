package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The generator's rules, checked on many samples, as PAPER.md's experiment 5 states them. */
class MultiplicationTest {

    private static final int SAMPLES = 4_000;
    /** Hashes of AddingProblem's batches (T = 100, 64 sequences, seed 42), taken before it shared its generator. */
    private static final int ADDING_FEATURES = -649400473;
    private static final int ADDING_LABELS = 1051708847;
    private static final int ADDING_MASK = -1775469554;
    private static final int ADDING_FIXED_FEATURES = -1303174676;

    @Test
    void layout() {
        Multiplication task = new Multiplication(100, 140);
        DataSet ds = task.batch(7, 1);
        int[] lengths = Decode.lengths(ds);
        assertEquals(Arrays.stream(lengths).max().orElseThrow(), ds.getFeatures().size(2),
                "a batch is as long as its longest sequence");
        assertArrayEquals(new long[] {7, 1}, ds.getLabels().shape());
        assertEquals(Task.Labels.LAST_STEP, task.labels());
        assertEquals(2, task.inputSize());
        assertEquals(1, task.outputSize());
        assertEquals("multiplication", task.name());
        assertEquals(110, task.maxLength());
    }

    @Test
    void markersValuesAndTargetsFollowThePaper() {
        int t = 100;
        DataSet ds = new Multiplication(t, 140).batch(SAMPLES, 2);
        int[] lengths = Decode.lengths(ds);
        int steps = (int) ds.getFeatures().size(2);
        float[] x = ds.getFeatures().dup('c').data().asFloat();
        float[] y = ds.getLabels().dup('c').data().asFloat();
        int firstMarked = 0;
        int[] lengthCounts = new int[t / 10 + 1];
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int s = 0; s < SAMPLES; s++) {
            int len = lengths[s];
            assertTrue(len >= t && len <= t + t / 10, "length " + len);
            lengthCounts[len - t]++;
            List<Integer> marked = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                float value = x[(s * 2) * steps + i];
                float marker = x[(s * 2 + 1) * steps + i];
                if (i >= len) {
                    assertEquals(0f, value, "padding is zero");
                    assertEquals(0f, marker, "padding is zero");
                    continue;
                }
                assertTrue(value >= 0f && value <= 1f, "value " + value);
                if (marker == 1f) {
                    marked.add(i);
                } else if (i == 0 || i == len - 1) {
                    assertEquals(-1f, marker, "first and last pairs carry -1 unless marked");
                } else {
                    assertEquals(0f, marker, "unmarked inner pairs carry 0");
                }
                if (i > 0) {
                    sum += value;
                    sumSq += value * value;
                    n++;
                }
            }
            assertEquals(2, marked.size(), "exactly two pairs marked");
            int a = marked.get(0);
            int b = marked.get(1);
            assertTrue(a < 10, "one mark among the first 10 pairs: " + marked);
            assertTrue(b < t / 2 - 1, "both among the first T/2-1 pairs: " + marked);
            float x1 = x[(s * 2) * steps + a];
            float x2 = x[(s * 2) * steps + b];
            if (a == 0) {
                firstMarked++;
                assertEquals(1f, x1, "a marked first pair has value 1.0");
            }
            assertEquals((float) ((double) x1 * x2), y[s], "target X1 * X2");
        }
        assertTrue(firstMarked > 0, "the first pair is sometimes marked");
        for (int c : lengthCounts) {
            assertTrue(c > 0.5 * SAMPLES / lengthCounts.length && c < 1.5 * SAMPLES / lengthCounts.length);
        }
        double mean = sum / n;
        assertEquals(0.5, mean, 0.01, "mean of U[0,1]");
        assertEquals(1.0 / 12.0, sumSq / n - mean * mean, 0.01, "variance of U[0,1]");
    }

    @Test
    void sameSeedSameDataBitForBit() {
        Multiplication task = new Multiplication(100, 13);
        assertTrue(Decode.sameBits(task.batch(64, 42), task.batch(64, 42)));
        assertFalse(Decode.sameBits(task.batch(64, 42), task.batch(64, 43)));
    }

    /**
     * The adding problem now shares the generator: its data must not have changed. These hashes were taken from
     * AddingProblem before the generator was shared.
     */
    @Test
    void sharingTheGeneratorLeavesTheAddingProblemUnchanged() {
        DataSet varying = new AddingProblem(100).batch(64, 42);
        assertEquals(ADDING_FEATURES, Decode.bits(varying.getFeatures()));
        assertEquals(ADDING_LABELS, Decode.bits(varying.getLabels()));
        assertEquals(ADDING_MASK, Decode.bits(varying.getFeaturesMaskArray()));
        DataSet fixed = new AddingProblem(100, true).batch(64, 42);
        assertEquals(ADDING_FIXED_FEATURES, Decode.bits(fixed.getFeatures()));
        assertEquals(0, Decode.bits(fixed.getFeaturesMaskArray()));
    }

    @Test
    void judgeUsesTheTolerance() {
        Multiplication task = new Multiplication(100, 140);
        DataSet ds = task.batch(3, 5);
        INDArray labels = ds.getLabels();
        INDArray predictions = labels.dup();
        predictions.putScalar(0, 0, labels.getDouble(0, 0) + 0.039);
        predictions.putScalar(1, 0, labels.getDouble(1, 0) - 0.041);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, true}, v.correct());
    }

    @Test
    void ruleAllowsFewerThanNSeqWrongOfTheLastTwoThousand() {
        StoppingRule rule = new Multiplication(100, 3).stoppingRule();
        boolean[] correct = new boolean[2_000];
        Arrays.fill(correct, true);
        correct[10] = false;
        correct[500] = false;
        double[] errors = new double[2_000];
        Arrays.fill(errors, 0.5);
        rule.observe(new Verdict(correct, errors));
        assertTrue(rule.satisfied(), "2 wrong < n_seq = 3, whatever the error");
        rule.observe(new Verdict(new boolean[] {false}, new double[] {0}));
        assertFalse(rule.satisfied(), "3 wrong");
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Multiplication(9, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Multiplication(100, 0));
        assertTrue(e.getMessage().startsWith("nSeq must be in [1, 2000]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Multiplication(100, 2_001));
    }
}
