package io.carousel.toolkit.forecast;

import io.carousel.tasks.forecast.Backtest;
import io.carousel.tasks.forecast.Baseline;
import io.carousel.tasks.forecast.ForecastProblem;
import io.carousel.tasks.forecast.ForecastScores;
import io.carousel.tasks.forecast.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** A forecasting run's {@code report.md}: the protocol, the LSTM beside every baseline, and a plain verdict. */
public final class ForecastReport {

    /** MASE within this fraction of another forecaster's is no real difference. */
    static final double ON_PAR = 0.02;

    private ForecastReport() {
    }

    public static String markdown(ForecastSummary s, ForecastProblem problem) {
        Series series = problem.series();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Forecasting %s of `%s` (%,d steps, %s to %s)%s, %d step%s ahead from "
                        + "the last %d steps of history; season %d.%n%n", String.join(", ", s.targets()), s.data(),
                series.length(), series.times().get(0), series.times().get(series.length() - 1),
                s.covariates().isEmpty() ? "" : " with covariates " + String.join(", ", s.covariates()),
                s.horizon(), s.horizon() == 1 ? "" : "s", s.lookback(), s.season()));
        md.append(protocol(s, problem)).append("\n\n");
        md.append(verdict(s)).append("\n\n");
        md.append("## Scores over the whole backtest\n\n");
        md.append("| forecaster | MAE | RMSE | sMAPE % | MAPE % | MASE |\n|---|---:|---:|---:|---:|---:|\n");
        s.scores().forEach((name, sc) -> md.append(row(name, sc.overall())));
        md.append("\nMASE divides by the in-sample MAE of the seasonal-naive forecast one step ahead (below 1 beats it "
                + "in-sample); MAPE leaves out actual values of 0.")
                .append(s.targets().size() > 1 ? " MAE and RMSE pool all targets in their own units." : "")
                .append("\n\n## MASE by step ahead\n\n");
        md.append("| forecaster |");
        for (int h = 1; h <= s.horizon(); h++) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(s.horizon())).append('\n');
        s.scores().forEach((name, sc) -> {
            md.append("| ").append(label(name)).append(" |");
            sc.byStep().forEach(step -> md.append(String.format(Locale.ROOT, " %.3f |", step.mase())));
            md.append('\n');
        });
        md.append("\n![forecast](forecast.png)\n\n## Training\n\n");
        md.append("| fold | trained through | training windows | windows presented | weights kept at | stopped | "
                + "seconds |\n|---:|---|---:|---:|---:|---|---:|\n");
        for (ForecastSummary.Model m : s.models()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %,d | %,d | %s | %.1f |%n", m.fold(),
                    m.trainedThrough(), m.trainingWindows(), m.sequences(), m.kept(), m.stopReason().replace('_', ' '),
                    m.trainSeconds()));
        }
        md.append(String.format(Locale.ROOT, "%nSeed %d, backend %s (%d thread%s), %,d parameters, wall time %.1f s."
                        + "%n%n![loss](loss.png)%n%nFiles: `config.yaml`, `metrics.csv` (every evaluation%s), "
                        + "`summary.json`, `model.zip` (DL4J ModelSerializer, with the scaler fitted on the training "
                        + "part), `forecast.png`, `loss.png`.%n", s.seed(), s.backend(), s.threads(),
                s.threads() == 1 ? "" : "s", s.parameters(),
                s.wallSeconds(), s.models().size() > 1 ? " of the last fold's model; metrics-fold-N.csv for the others"
                        : ""));
        return md.toString();
    }

    static String protocol(ForecastSummary s, ForecastProblem problem) {
        Series series = problem.series();
        String models = s.models().size() == 1
                ? "One model, trained on the steps through " + s.models().get(0).trainedThrough()
                + (problem.settings().validation() > 0 ? " and early-stopped on the " + problem.settings().validation()
                + " steps after them," : ",") + " forecasts from every origin"
                : "A model per fold, each trained on every step before its fold (less the "
                + problem.settings().validation() + " validation steps that early-stop it), forecasts from the "
                + "origins of its fold";
        return String.format(Locale.ROOT, "Backtest: the test period is %s to %s (%d steps, %d fold%s). %s: %d "
                        + "forecasts of %d steps, from origins %s to %s, each seeing only actual values up to its "
                        + "origin. The baselines forecast from exactly the same origins.", s.testPeriod().get(0),
                s.testPeriod().get(1), problem.settings().test(), s.folds(), s.folds() == 1 ? "" : "s", models,
                s.origins(), s.horizon(), series.times().get(problem.testStart() - 1),
                series.times().get(problem.series().length() - 1 - s.horizon()));
    }

    /** One sentence: does the LSTM beat seasonal naive, and the best baseline, on MASE? */
    static String verdict(ForecastSummary s) {
        double lstm = s.lstm().overall().mase();
        double seasonal = s.scores().get(Baseline.SEASONAL_NAIVE.label()).overall().mase();
        Map.Entry<String, ForecastSummary.Scores> best = s.scores().entrySet().stream()
                .filter(e -> !e.getKey().equals(Backtest.MODEL))
                .min((a, b) -> Double.compare(a.getValue().overall().mase(), b.getValue().overall().mase()))
                .orElseThrow();
        double bestMase = best.getValue().overall().mase();
        String vsSeasonal;
        if (Math.abs(lstm / seasonal - 1) < ON_PAR) {
            vsSeasonal = String.format(Locale.ROOT, "**The LSTM is on par with seasonal naive**: MASE %.3f against "
                    + "%.3f, within %.0f%%.", lstm, seasonal, 100 * ON_PAR);
        } else if (lstm < seasonal) {
            vsSeasonal = String.format(Locale.ROOT, "**The LSTM beats seasonal naive**: MASE %.3f against %.3f (%.0f%% "
                    + "lower).", lstm, seasonal, 100 * (1 - lstm / seasonal));
        } else {
            vsSeasonal = String.format(Locale.ROOT, "**The LSTM does not beat seasonal naive**: its MASE is %.3f "
                    + "against seasonal naive's %.3f.", lstm, seasonal);
        }
        String vsBest = lstm < bestMase * (1 - ON_PAR)
                ? " It beats every baseline."
                : lstm < bestMase ? String.format(Locale.ROOT, " It is within %.0f%% of the best baseline, %s (MASE "
                + "%.3f): no real gain.", 100 * ON_PAR, label(best.getKey()), bestMase)
                : String.format(Locale.ROOT, " The best forecast here is %s (MASE %.3f), not the LSTM.",
                label(best.getKey()), bestMase);
        return vsSeasonal + vsBest;
    }

    private static String row(String name, ForecastScores sc) {
        return String.format(Locale.ROOT, "| %s | %.4g | %.4g | %.2f | %s | %.3f |%n", label(name), sc.mae(),
                sc.rmse(), sc.smape(), Double.isNaN(sc.mape()) ? "n/a" : String.format(Locale.ROOT, "%.2f", sc.mape()),
                sc.mase());
    }

    static String label(String name) {
        return name.equals(Backtest.MODEL) ? "**LSTM**" : name.replace('_', ' ');
    }

    public static void write(Path file, ForecastSummary s, ForecastProblem problem) throws IOException {
        Files.writeString(file, markdown(s, problem));
    }
}
