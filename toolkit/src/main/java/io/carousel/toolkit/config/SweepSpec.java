package io.carousel.toolkit.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sweep:}: a grid of values over dotted config keys, each point run with {@code trials} seeds ({@code seed},
 * {@code seed + 1}, ...), e.g. {@code sweep: {grid: {model.layers[0].units: [8, 16], training.optimizer.learning_rate:
 * [0.01, 0.003]}, trials: 5}}.
 *
 * @param grid   each key (as for {@code --set}) with the values it takes; the points are every combination, the first
 *               key varying slowest
 * @param trials  seeds per point
 * @param samples run only this many points of the grid, drawn at random (without repeats, from the config's seed)
 *                instead of all of them: a random search; null for the whole grid
 */
public record SweepSpec(Map<String, List<Object>> grid, int trials, Integer samples) {

    /** Keys a sweep may not vary: trials vary the seed; a point's name is made from the sweep's. */
    static final Set<String> FIXED = Set.of("seed", "name", "sweep");

    public SweepSpec {
        Check.required("grid", grid);
        if (grid.isEmpty()) {
            throw new InvalidValueException("grid", "must name at least one key with its values");
        }
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            String key = e.getKey();
            String root = key.split("[.\\[]", 2)[0];
            if (FIXED.contains(root)) {
                throw new InvalidValueException("grid." + key, "cannot be swept (trials vary the seed)");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new InvalidValueException("grid." + key, "must list at least one value");
            }
            for (Object v : e.getValue()) {
                if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                    throw new InvalidValueException("grid." + key, "values must be numbers, strings or true/false, "
                            + "got " + (v == null ? "null" : "a " + (v instanceof List ? "list" : "mapping")));
                }
            }
            copy.put(key, List.copyOf(e.getValue()));
        }
        grid = java.util.Collections.unmodifiableMap(copy);
        Check.inRange("trials", trials, 1, 10_000);
        if (samples != null) {
            Check.inRange("samples", samples, 1, 1_000_000);
        }
    }

    /**
     * The points to run, in grid order: every combination of the grid's values, or {@code samples} of them drawn
     * with {@code seed} (all of them when the grid has no more).
     */
    public List<Map<String, Object>> points(long seed) {
        List<Map<String, Object>> all = combinations();
        if (samples == null || samples >= all.size()) {
            return all;
        }
        List<Integer> indices = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            indices.add(i);
        }
        java.util.Collections.shuffle(indices, new java.util.Random(seed));
        return indices.subList(0, samples).stream().sorted().map(all::get).toList();
    }

    /** Every combination of the grid's values, in order, each as its {@code key=value} overrides. */
    List<Map<String, Object>> combinations() {
        List<Map<String, Object>> points = new java.util.ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            List<Map<String, Object>> next = new java.util.ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : e.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }
}
