package io.carousel.tasks.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The forecasts of a backtest and their scores: the model's and every {@link Baseline}'s, from exactly the same
 * origins, scored overall and per step ahead.
 *
 * @param origins   the forecast origins, in order
 * @param forecasts by forecaster ("lstm", then each baseline's label): {@code [origin][step][target]}
 * @param scales    each target's MASE scale, from the steps before the test period
 */
public record Backtest(ForecastProblem problem, List<Integer> origins, Map<String, double[][][]> forecasts,
                       double[] scales) {

    /** The name the model's forecasts go by. */
    public static final String MODEL = "lstm";

    /**
     * Scores {@code modelForecasts} (from {@code origins}) beside the baselines' forecasts from the same origins.
     */
    public static Backtest of(ForecastProblem problem, List<Integer> origins, double[][][] modelForecasts) {
        Series s = problem.series();
        int season = problem.settings().season();
        int horizon = problem.settings().horizon();
        Map<String, double[][][]> all = new LinkedHashMap<>();
        all.put(MODEL, modelForecasts);
        for (Baseline b : Baseline.values()) {
            double[][][] f = new double[origins.size()][horizon][s.targets()];
            for (int i = 0; i < origins.size(); i++) {
                for (int j = 0; j < s.targets(); j++) {
                    double[] path = b.forecast(java.util.Arrays.copyOf(s.values()[j], origins.get(i) + 1), horizon,
                            season);
                    for (int h = 0; h < horizon; h++) {
                        f[i][h][j] = path[h];
                    }
                }
            }
            all.put(b.label(), f);
        }
        double[] scales = new double[s.targets()];
        for (int j = 0; j < s.targets(); j++) {
            scales[j] = ForecastScores.seasonalNaiveScale(java.util.Arrays.copyOf(s.values()[j],
                    problem.testStart()), season);
        }
        return new Backtest(problem, List.copyOf(origins), all, scales);
    }

    /** Every forecaster's scores over all origins, steps and targets. */
    public Map<String, ForecastScores> overall() {
        Map<String, ForecastScores> out = new LinkedHashMap<>();
        forecasts.forEach((name, f) -> out.put(name, score(f, -1)));
        return out;
    }

    /** Every forecaster's scores at each step ahead (index 0 is one step ahead). */
    public Map<String, List<ForecastScores>> byStep() {
        Map<String, List<ForecastScores>> out = new LinkedHashMap<>();
        forecasts.forEach((name, f) -> {
            List<ForecastScores> steps = new ArrayList<>();
            for (int h = 0; h < problem.settings().horizon(); h++) {
                steps.add(score(f, h));
            }
            out.put(name, steps);
        });
        return out;
    }

    private ForecastScores score(double[][][] f, int step) {
        ForecastScores.Accumulator acc = new ForecastScores.Accumulator();
        for (int i = 0; i < origins.size(); i++) {
            double[][] actual = problem.actual(origins.get(i));
            for (int h = 0; h < actual.length; h++) {
                if (step >= 0 && h != step) {
                    continue;
                }
                for (int j = 0; j < actual[h].length; j++) {
                    acc.add(f[i][h][j], actual[h][j], scales[j]);
                }
            }
        }
        return acc.scores();
    }
}
