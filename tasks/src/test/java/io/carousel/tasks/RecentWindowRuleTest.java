package io.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecentWindowRuleTest {

    private static Verdict batch(int n, boolean correct, double error) {
        boolean[] c = new boolean[n];
        double[] e = new double[n];
        Arrays.fill(c, correct);
        Arrays.fill(e, error);
        return new Verdict(c, e);
    }

    @Test
    void needsAFullWindowOfCorrectSequences() {
        RecentWindowRule rule = new RecentWindowRule(100, 0.01);
        rule.observe(batch(99, true, 0.001));
        assertFalse(rule.satisfied());
        rule.observe(batch(1, true, 0.001));
        assertTrue(rule.satisfied());
    }

    @Test
    void oneWrongSequenceRestartsTheStreak() {
        RecentWindowRule rule = new RecentWindowRule(100, 0.01);
        rule.observe(batch(150, true, 0.001));
        rule.observe(new Verdict(new boolean[] {true, false, true}, new double[] {0, 0, 0}));
        assertEquals(1, rule.correctStreak());
        assertFalse(rule.satisfied());
        rule.observe(batch(99, true, 0.001));
        assertTrue(rule.satisfied());
    }

    @Test
    void meanErrorIsOverTheWindowOnly() {
        RecentWindowRule rule = new RecentWindowRule(10, 0.01);
        rule.observe(batch(10, true, 1.0));
        assertEquals(1.0, rule.meanError(), 1e-12);
        assertFalse(rule.satisfied(), "all correct but the mean error is too high");
        rule.observe(batch(5, true, 0.0));
        assertEquals(0.5, rule.meanError(), 1e-12);
        rule.observe(batch(5, true, 0.0));
        assertEquals(0.0, rule.meanError(), 1e-12);
        assertTrue(rule.satisfied());
    }
}
