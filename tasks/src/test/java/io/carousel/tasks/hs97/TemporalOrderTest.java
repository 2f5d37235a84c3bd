package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import io.carousel.tasks.hs97.TemporalOrder.Variant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The generator's rules, checked on many samples, as PAPER.md's experiment 6 states them. */
class TemporalOrderTest {

    private static final int SAMPLES = 4_000;

    @Test
    void layout() {
        TemporalOrder a = new TemporalOrder(Variant.A);
        DataSet ds = a.batch(5, 1);
        assertEquals(8, ds.getFeatures().size(1));
        assertEquals(Arrays.stream(Decode.lengths(ds)).max().orElseThrow(), ds.getFeatures().size(2),
                "a batch is as long as its longest sequence");
        assertArrayEquals(new long[] {5, 4}, ds.getLabels().shape());
        assertEquals(Task.Labels.LAST_STEP, a.labels());
        assertEquals(8, a.inputSize());
        assertEquals(4, a.outputSize());
        assertEquals(8, new TemporalOrder(Variant.B).outputSize());
        assertEquals("temporal_order", a.name());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void relevantSymbolsSitInTheirRangesAndGiveTheClass(Variant variant) {
        TemporalOrder task = new TemporalOrder(variant);
        int[][] ranges = task.positions();
        DataSet ds = task.batch(SAMPLES, 2);
        int[] lengths = Decode.lengths(ds);
        int[][] seqs = Decode.oneHot(ds.getFeatures(), lengths);
        int[] classes = Decode.classes(ds.getLabels());
        int[][] positionCounts = new int[ranges.length][11];
        int[] classCounts = new int[task.outputSize()];
        int[] lengthCounts = new int[11];
        int[] distractors = new int[4];
        for (int i = 0; i < SAMPLES; i++) {
            int[] s = seqs[i];
            assertTrue(s.length >= 100 && s.length <= 110, "length " + s.length);
            lengthCounts[s.length - 100]++;
            assertEquals(TemporalOrder.E, s[0], "E starts");
            assertEquals(TemporalOrder.B, s[s.length - 1], "B ends");
            int relevant = 0;
            int cls = 0;
            for (int t = 1; t < s.length - 1; t++) {
                if (s[t] == TemporalOrder.X || s[t] == TemporalOrder.Y) {
                    int position = t + 1;
                    int[] range = ranges[relevant];
                    assertTrue(position >= range[0] && position <= range[1],
                            "relevant symbol " + relevant + " at 1-based position " + position);
                    positionCounts[relevant][position - range[0]]++;
                    cls = 2 * cls + (s[t] == TemporalOrder.Y ? 1 : 0);
                    relevant++;
                } else {
                    assertTrue(s[t] >= 2 && s[t] <= 5, "a distractor: " + s[t]);
                    distractors[s[t] - 2]++;
                }
            }
            assertEquals(ranges.length, relevant, "one relevant symbol per range");
            assertEquals(cls, classes[i], "the class spells the relevant symbols, X = 0, Y = 1");
            classCounts[cls]++;
        }
        double perClass = (double) SAMPLES / classCounts.length;
        for (int c : classCounts) {
            assertTrue(Math.abs(c - perClass) < 0.2 * perClass, "classes " + Arrays.toString(classCounts));
        }
        for (int[] counts : positionCounts) {
            for (int c : counts) {
                assertTrue(Math.abs(c - SAMPLES / 11.0) < 0.3 * SAMPLES / 11.0, "positions " + Arrays.toString(counts));
            }
        }
        for (int c : lengthCounts) {
            assertTrue(Math.abs(c - SAMPLES / 11.0) < 0.3 * SAMPLES / 11.0, "lengths " + Arrays.toString(lengthCounts));
        }
        double perDistractor = Arrays.stream(distractors).average().orElseThrow();
        for (int c : distractors) {
            assertTrue(Math.abs(c - perDistractor) < 0.05 * perDistractor, Arrays.toString(distractors));
        }
    }

    @Test
    void theRangesAreThePapers() {
        assertArrayEquals(new int[][] {{10, 20}, {50, 60}}, new TemporalOrder(Variant.A).positions());
        assertArrayEquals(new int[][] {{10, 20}, {33, 43}, {66, 76}}, new TemporalOrder(Variant.B).positions());
    }

    @Test
    void sameSeedSameDataBitForBit() {
        for (Variant v : Variant.values()) {
            TemporalOrder task = new TemporalOrder(v);
            assertTrue(Decode.sameBits(task.batch(32, 42), task.batch(32, 42)));
            assertFalse(Decode.sameBits(task.batch(32, 42), task.batch(32, 43)));
        }
    }

    @Test
    void judgeWantsEveryOutputWithinPointThree() {
        TemporalOrder task = new TemporalOrder(Variant.B);
        DataSet ds = task.batch(3, 5);
        INDArray labels = ds.getLabels();
        INDArray predictions = labels.dup();
        predictions.putScalar(0, 7, labels.getDouble(0, 7) + 0.299);
        predictions.putScalar(1, 2, labels.getDouble(1, 2) - 0.301);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, true}, v.correct());
        assertEquals(0.299 * 0.299 / 8, v.squaredError()[0], 1e-7);
    }

    @Test
    void ruleWantsTwoThousandCorrectAndMeanErrorBelowPointOne() {
        StoppingRule rule = new TemporalOrder(Variant.A).stoppingRule();
        boolean[] correct = new boolean[2_000];
        Arrays.fill(correct, true);
        double[] errors = new double[2_000];
        Arrays.fill(errors, 0.11);
        rule.observe(new Verdict(correct, errors));
        assertFalse(rule.satisfied(), "mean error 0.11");
        Arrays.fill(errors, 0.09);
        rule.observe(new Verdict(correct, errors));
        assertTrue(rule.satisfied());
        rule.observe(new Verdict(new boolean[] {false}, new double[] {0}));
        assertFalse(rule.satisfied());
    }

    @Test
    void rejectsAMissingVariant() {
        assertThrows(IllegalArgumentException.class, () -> new TemporalOrder(null));
    }
}
