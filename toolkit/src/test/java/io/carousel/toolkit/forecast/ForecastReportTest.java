package io.carousel.toolkit.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.carousel.tasks.forecast.ForecastScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's one-sentence verdict: a win, a draw within 2%, or a loss, said plainly. */
class ForecastReportTest {

    static ForecastSummary summary(double lstm, double naive, double seasonal, double drift, double mean) {
        Map<String, ForecastSummary.Scores> scores = new LinkedHashMap<>();
        double[] mases = {lstm, naive, seasonal, drift, mean};
        String[] names = {"lstm", "naive", "seasonal_naive", "drift", "mean"};
        for (int i = 0; i < names.length; i++) {
            ForecastScores s = new ForecastScores(1, 1, 1, 1, mases[i], 1);
            scores.put(names[i], new ForecastSummary.Scores(s, List.of(s)));
        }
        return new ForecastSummary("t", "forecast", "x.csv", "t", List.of("y"), List.of(), "cpu", 1, 1, 10, 4, 1, 12,
                "roll", 1, List.of("a", "b"), 1, List.of(), scores, lstm < seasonal, 1.0);
    }

    @Test
    void aClearWinIsAWin() {
        assertEquals("**The LSTM beats seasonal naive**: MASE 0.500 against 1.000 (50% lower). It beats every "
                + "baseline.", ForecastReport.verdict(summary(0.5, 1.2, 1.0, 1.1, 3.0)));
    }

    @Test
    void withinTwoPercentIsOnParNotAWin() {
        assertEquals("**The LSTM is on par with seasonal naive**: MASE 0.990 against 1.000, within 2%. It is within 2% "
                + "of the best baseline, seasonal naive (MASE 1.000): no real gain.",
                ForecastReport.verdict(summary(0.99, 1.2, 1.0, 1.1, 3.0)));
    }

    @Test
    void aLossIsSaidPlainly() {
        assertEquals("**The LSTM beats seasonal naive**: MASE 0.900 against 1.000 (10% lower). The best forecast here "
                + "is mean (MASE 0.700), not the LSTM.", ForecastReport.verdict(summary(0.9, 1.2, 1.0, 1.1, 0.7)));
        assertEquals("**The LSTM does not beat seasonal naive**: its MASE is 1.300 against seasonal naive's 1.000. "
                + "The best forecast here is seasonal naive (MASE 1.000), not the LSTM.",
                ForecastReport.verdict(summary(1.3, 1.2, 1.0, 1.1, 3.0)));
    }
}
