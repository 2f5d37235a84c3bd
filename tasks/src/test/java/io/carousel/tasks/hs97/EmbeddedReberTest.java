package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.carousel.tasks.StoppingRule;
import io.carousel.tasks.Task;
import io.carousel.tasks.Verdict;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The generator's rules, checked on many strings, as PAPER.md's experiment 1 states them. */
class EmbeddedReberTest {

    /**
     * The embedded Reber grammar written out as a regular expression, independently of the generator's transition
     * table: the inner grammar enters the X/V loop through "TS*X" or "PT*V" and leaves it through S or V.
     */
    private static final Pattern GRAMMAR =
            Pattern.compile("B(T|P)B(?:TS*X(?:XT*VP)*(?:S|XT*VV)|PT*V(?:PXT*V)*(?:V|PS))E\\1E");
    private static final EmbeddedReber TASK = new EmbeddedReber(256, 256, 7);

    /** The symbols that may follow {@code prefix}: those that keep it a prefix of some string of the grammar. */
    private static Set<Character> legalAfter(String prefix) {
        Set<Character> legal = new HashSet<>();
        for (char c : EmbeddedReber.SYMBOLS.toCharArray()) {
            Matcher m = GRAMMAR.matcher(prefix + c);
            if (m.matches() || m.hitEnd()) {
                legal.add(c);
            }
        }
        return legal;
    }

    /** The strings a batch holds: its input symbols plus the final E. */
    private static List<String> strings(DataSet ds) {
        int[] lengths = Decode.lengths(ds);
        int[][] symbols = Decode.oneHot(ds.getFeatures(), lengths);
        return Arrays.stream(symbols).map(row -> {
            StringBuilder s = new StringBuilder();
            for (int symbol : row) {
                s.append(EmbeddedReber.SYMBOLS.charAt(symbol));
            }
            return s.append('E').toString();
        }).toList();
    }

    @Test
    void theGrammarOracleKnowsTheLegalNextSymbols() {
        assertEquals(Set.of('T', 'P'), legalAfter("B"));
        assertEquals(Set.of('B'), legalAfter("BP"));
        assertEquals(Set.of('X', 'S'), legalAfter("BTBTX"));
        assertEquals(Set.of('T', 'V'), legalAfter("BTBTXXT"));
        assertEquals(Set.of('E'), legalAfter("BTBPVV"));
        assertEquals(Set.of('P'), legalAfter("BPBPVVE"));
        assertEquals(Set.of('E'), legalAfter("BPBPVVEP"));
        assertEquals(Set.of(), legalAfter("BPBPVVEPE"));
    }

    @Test
    void layoutIsEveryStepWithMasks() {
        DataSet ds = TASK.batch(9, 1);
        int steps = (int) ds.getFeatures().size(2);
        assertArrayEquals(new long[] {9, 7, steps}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {9, 7, steps}, ds.getLabels().shape());
        assertArrayEquals(new long[] {9, steps}, ds.getFeaturesMaskArray().shape());
        assertEquals(ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
        assertEquals(DataType.FLOAT, ds.getFeatures().dataType());
        int longest = Arrays.stream(Decode.lengths(ds)).max().orElseThrow();
        assertEquals(steps, longest, "the batch is as long as its longest string");
        assertEquals(Task.Labels.EVERY_STEP, TASK.labels());
        assertEquals(7, TASK.inputSize());
        assertEquals(7, TASK.outputSize());
        assertEquals("reber", TASK.name());
    }

    @Test
    void everyStringIsInTheGrammarAndTheTestSetIsSeparate() {
        EmbeddedReber task = new EmbeddedReber(1_000, 1_000, 3);
        assertEquals(1_000, task.training().size());
        assertEquals(1_000, task.test().size());
        for (String s : task.training()) {
            assertTrue(GRAMMAR.matcher(s).matches(), s);
        }
        Set<String> training = new HashSet<>(task.training());
        for (String s : task.test()) {
            assertTrue(GRAMMAR.matcher(s).matches(), s);
            assertFalse(training.contains(s), "test string " + s + " is also a training string");
        }
        // The shortest strings are common enough that 1,000 draws repeat them.
        assertTrue(training.size() < 1_000, "training strings may repeat");
    }

    @Test
    void everyChoiceBetweenTwoLegalSymbolsIsEven() {
        EmbeddedReber task = new EmbeddedReber(4_000, 1, 4);
        // For each pair of legal symbols (by bit set), how often each was taken.
        int[][] taken = new int[1 << 7][2];
        for (String s : task.training()) {
            int[] legal = EmbeddedReber.legalNext(s);
            for (int t = 0; t < legal.length; t++) {
                if (Integer.bitCount(legal[t]) == 2) {
                    int lower = Integer.numberOfTrailingZeros(legal[t]);
                    taken[legal[t]][EmbeddedReber.SYMBOLS.indexOf(s.charAt(t + 1)) == lower ? 0 : 1]++;
                }
            }
        }
        int pairs = 0;
        for (int set = 0; set < taken.length; set++) {
            int total = taken[set][0] + taken[set][1];
            if (total > 0) {
                pairs++;
                double fraction = (double) taken[set][0] / total;
                assertTrue(total > 1_000 && Math.abs(fraction - 0.5) < 0.05,
                        "choice " + Integer.toBinaryString(set) + ": " + taken[set][0] + " vs " + taken[set][1]);
            }
        }
        assertEquals(4, pairs, "the choices {T,P}, {S,X}, {T,V}, {P,V}");
    }

    @Test
    void inputsAreTheStringAndTargetsTheLegalNextSymbols() {
        DataSet ds = TASK.batch(500, 2);
        int[] lengths = Decode.lengths(ds);
        int steps = (int) ds.getLabels().size(2);
        float[] labels = ds.getLabels().dup('c').data().asFloat();
        Set<String> training = new HashSet<>(TASK.training());
        List<String> strings = strings(ds);
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            assertTrue(training.contains(s), "batches draw training strings: " + s);
            assertEquals(s.length() - 1, lengths[i], "every symbol but the final E is an input");
            for (int t = 0; t < steps; t++) {
                Set<Character> target = new HashSet<>();
                for (int j = 0; j < 7; j++) {
                    float v = labels[(i * 7 + j) * steps + t];
                    assertTrue(v == 0f || v == 1f);
                    if (v == 1f) {
                        target.add(EmbeddedReber.SYMBOLS.charAt(j));
                    }
                }
                Set<Character> expected = t < lengths[i] ? legalAfter(s.substring(0, t + 1)) : Set.of();
                assertEquals(expected, target, s + " step " + t);
            }
        }
    }

    @Test
    void theLongLagIsTheOnlyPlaceTheFirstBranchMatters() {
        // After the inner E exactly one symbol is legal: the branch chosen at step 1.
        for (String s : TASK.training()) {
            int[] legal = EmbeddedReber.legalNext(s);
            assertEquals(1 << EmbeddedReber.SYMBOLS.indexOf(s.charAt(1)), legal[s.length() - 3], s);
            assertEquals(1 << EmbeddedReber.E, legal[s.length() - 2], s);
        }
    }

    @Test
    void fixedTestSetHoldsTheTestStringsInOrder() {
        DataSet test = TASK.fixedTestSet().orElseThrow();
        assertEquals(TASK.test(), strings(test));
        assertEquals(TASK.training(), strings(TASK.trainingSet()));
    }

    @Test
    void sameSeedSameDataBitForBit() {
        EmbeddedReber again = new EmbeddedReber(256, 256, 7);
        assertEquals(TASK.training(), again.training());
        assertEquals(TASK.test(), again.test());
        assertEquals(TASK, again);
        assertTrue(Decode.sameBits(TASK.batch(64, 42), again.batch(64, 42)));
        assertTrue(Decode.sameBits(TASK.fixedTestSet().orElseThrow(), again.fixedTestSet().orElseThrow()));
        assertFalse(Decode.sameBits(TASK.batch(64, 42), TASK.batch(64, 43)));
        EmbeddedReber other = new EmbeddedReber(256, 256, 8);
        assertNotEquals(TASK.training(), other.training());
        assertNotEquals(TASK, other);
    }

    @Test
    void judgeWantsEveryLegalOutputAboveEveryIllegalOne() {
        DataSet ds = TASK.batch(4, 5);
        INDArray labels = ds.getLabels();
        int steps = (int) labels.size(2);
        int[] lengths = Decode.lengths(ds);
        // Scaled targets still rank legal above illegal.
        Verdict exact = TASK.judge(ds, labels.mul(0.6).add(0.2));
        assertArrayEquals(new boolean[] {true, true, true, true}, exact.correct());

        INDArray predictions = labels.dup();
        // Sequence 0, step 0 (after B): T and P are legal; an illegal output tied with them fails.
        predictions.putScalar(new int[] {0, EmbeddedReber.S, 0}, 1.0);
        // Sequence 1, step 0: an illegal output just below the legal ones passes.
        predictions.putScalar(new int[] {1, EmbeddedReber.S, 0}, 0.999);
        // Sequence 2, step 0: one legal output below an illegal one fails.
        predictions.putScalar(new int[] {2, EmbeddedReber.P, 0}, 0.1);
        predictions.putScalar(new int[] {2, EmbeddedReber.X, 0}, 0.2);
        // Sequence 3: garbage past its end is not judged.
        if (lengths[3] < steps) {
            predictions.putScalar(new int[] {3, EmbeddedReber.S, steps - 1}, 5.0);
        }
        Verdict v = TASK.judge(ds, predictions);
        assertArrayEquals(new boolean[] {false, true, false, true}, v.correct());
        assertEquals(1.0 / (lengths[0] * 7), v.squaredError()[0], 1e-9, "mean over unmasked steps and outputs");
        assertEquals(0.999 * 0.999 / (lengths[1] * 7), v.squaredError()[1], 1e-6);
        assertEquals(0, v.squaredError()[3], 1e-12);
    }

    @Test
    void ruleChecksTheWholeTrainingAndTestSets() {
        StoppingRule rule = TASK.stoppingRule();
        assertEquals(256, rule.checkEvery());
        assertFalse(rule.satisfied());
        assertEquals("not checked yet", rule.progress());
        rule.check(DataSet::getLabels, 1);
        assertTrue(rule.satisfied(), rule.progress());
        assertEquals("0 of 256 training and 0 of 256 test strings wrong", rule.progress());

        int testLength = (int) TASK.fixedTestSet().orElseThrow().getFeatures().size(2);
        // A network that gets one step of one test string wrong: identified by the batch's length and first string.
        String firstTest = TASK.test().get(0);
        rule.check(ds -> {
            INDArray p = ds.getLabels().dup();
            if (ds.getFeatures().size(2) == testLength && strings(ds).get(0).equals(firstTest)) {
                p.putScalar(new int[] {0, EmbeddedReber.B, 0}, 2.0);
            }
            return p;
        }, 2);
        assertFalse(rule.satisfied());
        assertEquals("0 of 256 training and 1 of 256 test strings wrong", rule.progress());
        assertTrue(rule.milestones().isEmpty());
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedReber(0, 256, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmbeddedReber(256, 0, 1));
        assertTrue(e.getMessage().startsWith("testStrings must be in [1, "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TASK.batch(0, 1));
    }
}
