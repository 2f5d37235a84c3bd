package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.tasks.hs97.LongTimeLag.Variant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The generator's rules, checked on many samples, as PAPER.md's experiment 2 states them. */
class LongTimeLagTest {

    private static final int X = 0;
    private static final int Y = 1;

    /** A and B: the whole sequence, p inputs then the last target. */
    private static int[][] sequences(DataSet ds) {
        int[] lengths = Decode.lengths(ds);
        int[][] in = Decode.oneHot(ds.getFeatures(), lengths);
        int[][] next = Decode.oneHot(ds.getLabels(), lengths);
        int[][] out = new int[in.length][];
        for (int i = 0; i < in.length; i++) {
            out[i] = Arrays.copyOf(in[i], in[i].length + 1);
            out[i][in[i].length] = next[i][in[i].length - 1];
            for (int t = 0; t + 1 < in[i].length; t++) {
                assertEquals(in[i][t + 1], next[i][t], "the target is the next input");
            }
        }
        return out;
    }

    @Test
    void layouts() {
        LongTimeLag a = new LongTimeLag(Variant.A, 10, 0);
        DataSet ds = a.batch(3, 1);
        assertArrayEquals(new long[] {3, 11, 10}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {3, 11, 10}, ds.getLabels().shape());
        assertNull(ds.getFeaturesMaskArray(), "every sequence is p steps long");
        assertNull(ds.getLabelsMaskArray());
        assertEquals(Task.Labels.EVERY_STEP, a.labels());
        assertEquals(11, a.inputSize());
        assertEquals(11, a.outputSize());
        assertEquals("long_lag", a.name());

        LongTimeLag c = new LongTimeLag(Variant.C, 10, 5);
        DataSet dc = c.batch(3, 1);
        assertEquals(14, dc.getFeatures().size(1));
        assertArrayEquals(new long[] {3, 2}, dc.getLabels().shape());
        assertEquals(dc.getFeatures().size(2), dc.getFeaturesMaskArray().size(1));
        assertEquals(Task.Labels.LAST_STEP, c.labels());
        assertEquals(14, c.inputSize());
        assertEquals(2, c.outputSize());
    }

    @Test
    void variantAHasExactlyTwoSequencesEquallyOften() {
        int p = 12;
        Set<List<Integer>> distinct = new HashSet<>();
        int ys = 0;
        for (int[] s : sequences(new LongTimeLag(Variant.A, p, 0).batch(2_000, 2))) {
            assertEquals(p + 1, s.length);
            distinct.add(Arrays.stream(s).boxed().toList());
            assertEquals(s[0], s[p], "the last symbol repeats the first");
            for (int i = 1; i < p; i++) {
                assertEquals(i + 1, s[i], "a" + i + " in order");
            }
            ys += s[0] == Y ? 1 : 0;
        }
        assertEquals(2, distinct.size());
        double fraction = ys / 2_000.0;
        assertTrue(fraction > 0.45 && fraction < 0.55, "y first in " + fraction);
    }

    @Test
    void variantBHasARandomMiddle() {
        int p = 10;
        int[] counts = new int[p + 1];
        int ys = 0;
        int[][] seqs = sequences(new LongTimeLag(Variant.B, p, 0).batch(2_000, 3));
        for (int[] s : seqs) {
            assertTrue(s[0] == X || s[0] == Y);
            assertEquals(s[0], s[p], "the last symbol repeats the first");
            for (int i = 1; i < p; i++) {
                assertTrue(s[i] >= 2 && s[i] <= p, "a middle symbol is an a: " + s[i]);
                counts[s[i]]++;
            }
            ys += s[0] == Y ? 1 : 0;
        }
        // 2,000 sequences of p - 1 draws over the p - 1 a-symbols: 2,000 of each.
        double expected = 2_000.0;
        for (int a = 2; a <= p; a++) {
            assertTrue(Math.abs(counts[a] - expected) < 0.15 * expected, "a" + (a - 1) + ": " + counts[a]);
        }
        double fraction = ys / 2_000.0;
        assertTrue(fraction > 0.45 && fraction < 0.55, "y first in " + fraction);
        assertTrue(Arrays.stream(seqs).map(Arrays::toString).distinct().count() > 1_900, "middles differ");
    }

    @Test
    void variantCClassifiesTheSecondSymbolAfterAtLeastQPlusOneSteps() {
        int p = 20;
        int q = 30;
        int e = p;
        int b = p + 1;
        DataSet ds = new LongTimeLag(Variant.C, p, q).batch(4_000, 4);
        int[] lengths = Decode.lengths(ds);
        int[][] seqs = Decode.oneHot(ds.getFeatures(), lengths);
        int[] classes = Decode.classes(ds.getLabels());
        assertEquals(Arrays.stream(lengths).max().orElseThrow(), ds.getFeatures().size(2), "batch = longest");
        long extra = 0;
        int ys = 0;
        int shortest = Integer.MAX_VALUE;
        int[] distractors = new int[p];
        for (int i = 0; i < seqs.length; i++) {
            int[] s = seqs[i];
            assertEquals(b, s[0]);
            assertTrue(s[1] == p + 2 || s[1] == p + 3, "x or y second");
            assertEquals(s[1] - (p + 2), classes[i], "the target is the second symbol's class");
            assertEquals(e, s[s.length - 1], "the end marker ends the sequence");
            for (int t = 2; t < s.length - 1; t++) {
                assertTrue(s[t] < p, "a distractor at " + t);
                distractors[s[t]]++;
            }
            // The minimal lag from the second symbol to the end marker is q + 1.
            assertTrue(s.length - 2 >= q + 1, "lag " + (s.length - 2));
            shortest = Math.min(shortest, s.length);
            extra += s.length - (q + 3);
            ys += classes[i];
        }
        assertEquals(q + 3, shortest, "sometimes e comes right after the q distractors");
        double meanExtra = (double) extra / seqs.length;
        assertEquals(9.0, meanExtra, 0.6, "each further step ends with probability 0.1: 9 extra distractors");
        double fraction = ys / 4_000.0;
        assertTrue(fraction > 0.45 && fraction < 0.55, "y in " + fraction);
        double mean = Arrays.stream(distractors).average().orElseThrow();
        for (int count : distractors) {
            assertTrue(Math.abs(count - mean) < 0.1 * mean, "distractors are uniform: " + Arrays.toString(distractors));
        }
    }

    @Test
    void sameSeedSameDataBitForBit() {
        for (LongTimeLag task : List.of(new LongTimeLag(Variant.A, 8, 0), new LongTimeLag(Variant.B, 8, 0),
                new LongTimeLag(Variant.C, 8, 10))) {
            assertTrue(Decode.sameBits(task.batch(32, 42), task.batch(32, 42)), task.toString());
            assertFalse(Decode.sameBits(task.batch(32, 42), task.batch(32, 43)), task.toString());
        }
    }

    @Test
    void judgeAChecksEveryOutputAtEveryStep() {
        LongTimeLag task = new LongTimeLag(Variant.A, 6, 0);
        DataSet ds = task.batch(4, 5);
        INDArray predictions = ds.getLabels().dup();
        predictions.putScalar(new int[] {0, 3, 2}, 0.249);
        predictions.putScalar(new int[] {1, 3, 2}, 0.251);
        predictions.putScalar(new int[] {2, 0, 0}, -0.26);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, false, true}, v.correct());
        assertEquals(0.249 * 0.249 / (6 * 7), v.squaredError()[0], 1e-7, "mean over all steps and outputs");
    }

    @Test
    void judgeBChecksOnlyTheLastStep() {
        int p = 6;
        LongTimeLag task = new LongTimeLag(Variant.B, p, 0);
        DataSet ds = task.batch(3, 6);
        INDArray predictions = ds.getLabels().dup();
        predictions.putScalar(new int[] {0, 3, 2}, 0.9);
        predictions.putScalar(new int[] {1, 0, p - 1}, 0.5);
        predictions.putScalar(new int[] {1, 1, p - 1}, 0.5);
        predictions.putScalar(new int[] {2, 4, p - 1}, 0.24);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, true}, v.correct(), "unpredictable middle steps are not judged");
        assertEquals(0, v.squaredError()[0], 1e-12);
        assertEquals(0.5 / (p + 1), v.squaredError()[1], 1e-7, "mean over the last step's outputs");
    }

    @Test
    void judgeCUsesPointTwo() {
        LongTimeLag task = new LongTimeLag(Variant.C, 6, 3);
        DataSet ds = task.batch(3, 7);
        INDArray predictions = ds.getLabels().dup();
        predictions.putScalar(0, 0, ds.getLabels().getDouble(0, 0) + 0.199);
        predictions.putScalar(1, 1, ds.getLabels().getDouble(1, 1) - 0.201);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, true}, v.correct());
    }

    @Test
    void ruleWantsTenThousandSuccessiveCorrectSequences() {
        StoppingRule rule = new LongTimeLag(Variant.C, 6, 3).stoppingRule();
        boolean[] ok = new boolean[9_999];
        Arrays.fill(ok, true);
        rule.observe(new Verdict(ok, new double[ok.length]));
        assertFalse(rule.satisfied());
        rule.observe(new Verdict(new boolean[] {true}, new double[] {0.5}));
        assertTrue(rule.satisfied(), "no bound on the error");
        rule.observe(new Verdict(new boolean[] {false}, new double[] {0}));
        assertFalse(rule.satisfied());
    }

    @Test
    void rejectsBadParameters() {
        IllegalArgumentException qForA = assertThrows(IllegalArgumentException.class,
                () -> new LongTimeLag(Variant.A, 10, 5));
        assertEquals("q is used only by variant C; variant A needs q = 0, got 5", qForA.getMessage());
        IllegalArgumentException noQ = assertThrows(IllegalArgumentException.class,
                () -> new LongTimeLag(Variant.C, 10, 0));
        assertTrue(noQ.getMessage().startsWith("variant C needs q >= 1"), noQ.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LongTimeLag(Variant.B, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LongTimeLag(Variant.C, 100_001, 1));
        assertThrows(IllegalArgumentException.class, () -> new LongTimeLag(Variant.C, 100, 100_001));
        assertThrows(IllegalArgumentException.class, () -> new LongTimeLag(null, 100, 0));
    }
}
