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
        assertEquals(1, rule.wrongInWindow());
        assertFalse(rule.satisfied());
        rule.observe(batch(98, true, 0.001));
        assertFalse(rule.satisfied(), "the wrong sequence is still in the window");
        rule.observe(batch(1, true, 0.001));
        assertTrue(rule.satisfied());
    }

    @Test
    void allowsUpToMaxWrongInTheWindow() {
        // Experiment 5's rule: fewer than n_seq = 3 of the last 100 wrong, i.e. at most 2.
        RecentWindowRule rule = new RecentWindowRule(100, 2, Double.POSITIVE_INFINITY);
        rule.observe(batch(50, false, 1.0));
        rule.observe(batch(98, true, 0.0));
        assertEquals(2, rule.wrongInWindow());
        assertTrue(rule.satisfied());
        rule.observe(batch(1, true, 0.0));
        assertEquals(1, rule.wrongInWindow(), "the oldest wrong sequence left the window");
        rule.observe(batch(3, false, 1.0));
        assertEquals(3, rule.wrongInWindow(), "the old wrong sequence left as three new ones came");
        assertFalse(rule.satisfied());
    }

    @Test
    void successiveIgnoresTheErrorSize() {
        RecentWindowRule rule = RecentWindowRule.successive(10);
        rule.observe(batch(7, false, 0.0));
        rule.observe(batch(10, true, 5.0));
        assertTrue(rule.satisfied());
        assertEquals(java.util.Map.of(RecentWindowRule.STREAK_START, 7L), rule.milestones(),
                "7 sequences came before the streak");
        rule.observe(batch(1, false, 0.0));
        assertFalse(rule.satisfied());
        assertEquals(7L, rule.milestones().get(RecentWindowRule.STREAK_START), "the first streak counts");
    }

    @Test
    void refusesAWindowThatCannotHold() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RecentWindowRule(10, 10, 1.0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RecentWindowRule(0, 0.1));
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
