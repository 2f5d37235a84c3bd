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
import io.carousel.tasks.hs97.NoisySignal.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The generator's rules, checked on many samples, as PAPER.md's experiment 3 states them. */
class NoisySignalTest {

    private static final int SAMPLES = 2_000;

    /** One generated sequence, unpacked. */
    private record Sequence(float[] inputs, float label, double expected) {
        boolean classOne(NoisySignal task) {
            return expected == (float) task.expectedTarget(true);
        }
    }

    private static List<Sequence> sample(NoisySignal task, int n, long seed) {
        DataSet ds = task.batch(n, seed);
        int[] lengths = Decode.lengths(ds);
        int steps = (int) ds.getFeatures().size(2);
        float[] x = ds.getFeatures().dup('c').data().asFloat();
        float[] y = ds.getLabels().dup('c').data().asFloat();
        double[] expected = task.expectedTargets(ds);
        Sequence[] out = new Sequence[n];
        for (int i = 0; i < n; i++) {
            for (int t = lengths[i]; t < steps; t++) {
                assertEquals(0f, x[i * steps + t], "padding is zero");
            }
            out[i] = new Sequence(Arrays.copyOfRange(x, i * steps, i * steps + lengths[i]), y[i], expected[i]);
        }
        return List.of(out);
    }

    /** {mean, variance} of the inputs from {@code from} (inclusive) to {@code to} (exclusive, or each length). */
    private static double[] moments(List<Sequence> seqs, int from, int to, NoisySignal task) {
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (Sequence s : seqs) {
            double signal = s.classOne(task) ? 1 : -1;
            for (int t = from; t < Math.min(to, s.inputs.length); t++) {
                double noise = s.inputs[t] - (t < task.n() ? signal : 0);
                sum += noise;
                sumSq += noise * noise;
                n++;
            }
        }
        double mean = sum / n;
        return new double[] {mean, sumSq / n - mean * mean};
    }

    @Test
    void layoutAndLengths() {
        NoisySignal task = new NoisySignal(Variant.A, 100, 3);
        DataSet ds = task.batch(SAMPLES, 1);
        int[] lengths = Decode.lengths(ds);
        assertArrayEquals(new long[] {SAMPLES, 1, 110}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {SAMPLES, 1}, ds.getLabels().shape());
        int[] counts = new int[11];
        for (int len : lengths) {
            assertTrue(len >= 100 && len <= 110, "length " + len);
            counts[len - 100]++;
        }
        for (int c : counts) {
            assertTrue(c > 0.5 * SAMPLES / 11 && c < 1.5 * SAMPLES / 11, Arrays.toString(counts));
        }
        assertEquals(Task.Labels.LAST_STEP, task.labels());
        assertEquals(1, task.inputSize());
        assertEquals(1, task.outputSize());
        assertEquals("noisy_signal", task.name());
        assertNull(ds.getExampleMetaData(), "A and B need no expected targets beside the labels");
        DataSet small = task.batch(2, 9);
        assertEquals(Arrays.stream(Decode.lengths(small)).max().orElseThrow(), small.getFeatures().size(2),
                "a batch is as long as its longest sequence");
    }

    @Test
    void variantAHasAClearSignalThenNoise() {
        NoisySignal task = new NoisySignal(Variant.A, 100, 3);
        List<Sequence> seqs = sample(task, SAMPLES, 2);
        int classOne = 0;
        for (Sequence s : seqs) {
            assertTrue(s.label == 1f || s.label == 0f);
            assertEquals(s.label, (float) s.expected);
            float signal = s.label == 1f ? 1f : -1f;
            for (int t = 0; t < 3; t++) {
                assertEquals(signal, s.inputs[t], "the first N inputs are +1 (class 1) or -1 (class 2)");
            }
            classOne += s.label == 1f ? 1 : 0;
        }
        assertTrue(Math.abs(classOne / (double) SAMPLES - 0.5) < 0.05, "class 1 in " + classOne);
        double[] noise = moments(seqs, 3, Integer.MAX_VALUE, task);
        assertEquals(0.0, noise[0], 0.01);
        assertEquals(0.2, noise[1], 0.01, "noise variance 0.2");
    }

    @Test
    void variantBAddsNoiseToTheSignal() {
        NoisySignal task = new NoisySignal(Variant.B, 100, 3);
        List<Sequence> seqs = sample(task, SAMPLES, 3);
        double[] onSignal = moments(seqs, 0, 3, task);
        assertEquals(0.0, onSignal[0], 0.03);
        assertEquals(0.2, onSignal[1], 0.02, "signal noise variance 0.2");
        double[] later = moments(seqs, 3, Integer.MAX_VALUE, task);
        assertEquals(0.2, later[1], 0.01);
        for (Sequence s : seqs) {
            assertTrue(s.label == 1f || s.label == 0f);
        }
    }

    @Test
    void variantCHasNoisyTargetsAroundPointTwoAndPointEight() {
        NoisySignal task = new NoisySignal(Variant.C, 100, 1);
        List<Sequence> seqs = sample(task, 4_000, 4);
        double sum = 0;
        double sumSq = 0;
        int classOne = 0;
        for (Sequence s : seqs) {
            assertTrue(s.expected == 0.2f || s.expected == 0.8f, "expected " + s.expected);
            double noise = s.label - s.expected;
            sum += noise;
            sumSq += noise * noise;
            classOne += s.classOne(task) ? 1 : 0;
        }
        assertTrue(Math.abs(classOne / 4_000.0 - 0.5) < 0.05, "class 1 in " + classOne);
        assertEquals(0.0, sum / 4_000, 0.02);
        assertEquals(0.1, sumSq / 4_000, 0.01, "target noise variance 0.1");
        // Taking the sequences that expect 0.2 as class 1 (signal +1) leaves noise of mean 0 on the signal: had the
        // classes been swapped, the mean would be -1.
        double[] onSignal = moments(seqs, 0, 1, task);
        assertEquals(0.0, onSignal[0], 0.03, "class 1 has signal +1 and expects 0.2");
        assertEquals(0.2, onSignal[1], 0.02);
    }

    @Test
    void sameSeedSameDataBitForBit() {
        for (Variant v : Variant.values()) {
            NoisySignal task = new NoisySignal(v, 50, 2);
            DataSet a = task.batch(32, 42);
            DataSet b = task.batch(32, 42);
            assertTrue(Decode.sameBits(a, b), v.toString());
            assertArrayEquals(task.expectedTargets(a), task.expectedTargets(b));
            assertFalse(Decode.sameBits(a, task.batch(32, 43)), v.toString());
        }
    }

    @Test
    void judgeUsesPointTwo() {
        NoisySignal task = new NoisySignal(Variant.A, 20, 1);
        DataSet ds = task.batch(3, 5);
        INDArray labels = ds.getLabels();
        INDArray predictions = labels.dup();
        predictions.putScalar(0, 0, labels.getDouble(0, 0) + 0.199);
        predictions.putScalar(1, 0, labels.getDouble(1, 0) - 0.201);
        Verdict v = task.judge(ds, predictions);
        assertArrayEquals(new boolean[] {true, false, true}, v.correct());
        assertEquals(0.201 * 0.201, v.squaredError()[1], 1e-7);
    }

    @Test
    void judgeCComparesWithTheExpectedTargetNotTheNoisyLabel() {
        NoisySignal task = new NoisySignal(Variant.C, 20, 1);
        DataSet ds = task.batch(200, 6);
        double[] expected = task.expectedTargets(ds);
        float[] labels = ds.getLabels().dup('c').data().asFloat();
        int far = -1;
        for (int i = 0; i < labels.length && far < 0; i++) {
            far = Math.abs(labels[i] - expected[i]) > 0.3 ? i : -1;
        }
        assertTrue(far >= 0, "some label lies far from its expected target");
        Verdict atLabels = task.judge(ds, ds.getLabels());
        assertFalse(atLabels.correct()[far], "the noisy label itself is wrong");
        assertEquals(Math.pow(labels[far] - expected[far], 2), atLabels.squaredError()[far], 1e-6);

        float[] near = new float[expected.length];
        for (int i = 0; i < near.length; i++) {
            near[i] = (float) (expected[i] + (i % 2 == 0 ? 0.199 : -0.199));
        }
        Verdict atExpected = task.judge(ds, Nd4j.create(near, new long[] {near.length, 1}, 'c'));
        assertEquals(0, atExpected.wrong(), "within 0.2 of the expected target is correct");

        DataSet stripped = new DataSet(ds.getFeatures(), ds.getLabels(), ds.getFeaturesMaskArray(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> task.judge(stripped, ds.getLabels()));
        assertTrue(e.getMessage().contains("example metadata"), e.getMessage());
    }

    /** A fake network: the expected targets plus {@code error(i)} for sequence i. */
    private static Function<DataSet, INDArray> network(NoisySignal task, IntToDoubleFunction error) {
        return ds -> {
            double[] expected = task.expectedTargets(ds);
            float[] p = new float[expected.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (expected[i] + error.applyAsDouble(i));
            }
            return Nd4j.create(p, new long[] {p.length, 1}, 'c');
        };
    }

    private static Verdict trained(int sequences) {
        return new Verdict(new boolean[sequences], new double[sequences]);
    }

    @Test
    void ruleARecordsStOneAndStTwoWhenTheyFirstHold() {
        NoisySignal task = new NoisySignal(Variant.A, 20, 1);
        StoppingRule rule = task.stoppingRule();
        assertEquals(1_000, rule.checkEvery());
        assertEquals("not checked yet", rule.progress());
        rule.observe(trained(1_000));
        rule.check(network(task, i -> 0.3), 1);
        assertTrue(rule.milestones().isEmpty(), "all 256 wrong");
        rule.observe(trained(1_000));
        rule.check(network(task, i -> 0.05), 2);
        assertEquals(Map.of("st1", 2_000L), rule.milestones(), "all correct but mean abs error 0.05");
        assertFalse(rule.satisfied());
        assertEquals("0 of 256 test sequences wrong, mean abs err 0.0500", rule.progress());
        rule.observe(trained(500));
        rule.observe(trained(500));
        rule.check(network(task, i -> 0.0), 3);
        assertEquals(List.of("st1", "st2"), List.copyOf(rule.milestones().keySet()));
        assertEquals(2_000L, rule.milestones().get("st1"));
        assertEquals(3_000L, rule.milestones().get("st2"));
        assertTrue(rule.satisfied());
    }

    @Test
    void ruleAAllowsNoWrongSequence() {
        NoisySignal task = new NoisySignal(Variant.A, 20, 1);
        StoppingRule rule = task.stoppingRule();
        rule.observe(trained(1_000));
        rule.check(network(task, i -> i == 0 ? 0.5 : 0.0), 1);
        assertTrue(rule.milestones().isEmpty());
    }

    @Test
    void ruleBHasLooserThresholds() {
        NoisySignal task = new NoisySignal(Variant.B, 20, 1);
        StoppingRule rule = task.stoppingRule();
        rule.observe(trained(1_000));
        // Six wrong: not ST1.
        rule.check(network(task, i -> i < 6 ? 0.5 : 0.0), 1);
        assertTrue(rule.milestones().isEmpty());
        rule.observe(trained(1_000));
        // Five wrong but mean abs error 0.05: ST1, not ST2.
        rule.check(network(task, i -> i < 5 ? 0.5 : 0.04), 2);
        assertEquals(Map.of("st1", 2_000L), rule.milestones());
        rule.observe(trained(1_000));
        // Five wrong, mean abs error (5 * 0.5 + 251 * 0.03) / 256 = 0.039: ST2.
        rule.check(network(task, i -> i < 5 ? 0.5 : 0.03), 3);
        assertEquals(Map.of("st1", 2_000L, "st2", 3_000L), rule.milestones());
        assertTrue(rule.satisfied());

        NoisySignal a = new NoisySignal(Variant.A, 20, 1);
        StoppingRule ruleA = a.stoppingRule();
        ruleA.observe(trained(1_000));
        ruleA.check(network(a, i -> 0.03), 1);
        assertEquals(Map.of("st1", 1_000L), ruleA.milestones(), "0.03 is too large for A's ST2");
    }

    @Test
    void ruleCRunsToTheBudget() {
        NoisySignal task = new NoisySignal(Variant.C, 20, 1);
        StoppingRule rule = task.stoppingRule();
        rule.observe(new Verdict(new boolean[] {true}, new double[] {0}));
        assertEquals(0, rule.checkEvery());
        assertFalse(rule.satisfied());
        assertTrue(rule.milestones().isEmpty());
    }

    @Test
    void rejectsBadParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NoisySignal(Variant.A, 100, 100));
        assertEquals("n must be in [1, length - 1] = [1, 99], got 100", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NoisySignal(Variant.A, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> new NoisySignal(Variant.B, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NoisySignal(null, 100, 1));
    }
}
