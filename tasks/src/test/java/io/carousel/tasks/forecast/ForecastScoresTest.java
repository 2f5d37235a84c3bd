package io.carousel.tasks.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForecastScoresTest {

    @Test
    void metricsMatchHandComputedValues() {
        // errors 1, -2, 0, 4 on actuals 10, 20, 5, 8
        double[] actual = {10, 20, 5, 8};
        double[] forecast = {11, 18, 5, 12};
        ForecastScores s = ForecastScores.of(forecast, actual, 2.0);
        assertEquals(7.0 / 4, s.mae(), 1e-12);
        assertEquals(Math.sqrt(21.0 / 4), s.rmse(), 1e-12);
        double smape = (200.0 * 1 / 21 + 200.0 * 2 / 38 + 0 + 200.0 * 4 / 20) / 4;
        assertEquals(smape, s.smape(), 1e-12);
        double mape = (100.0 * 1 / 10 + 100.0 * 2 / 20 + 0 + 100.0 * 4 / 8) / 4;
        assertEquals(mape, s.mape(), 1e-12);
        assertEquals(7.0 / 4 / 2, s.mase(), 1e-12);
        assertEquals(4, s.count());
    }

    @Test
    void mapeSkipsZeroActualsAndSmapeCountsZeroOverZeroAsExact() {
        ForecastScores s = ForecastScores.of(new double[] {0, 3}, new double[] {0, 2}, 1);
        assertEquals(50.0, s.mape(), 1e-12);
        assertEquals((0 + 200.0 / 5) / 2, s.smape(), 1e-12);
        assertTrue(Double.isNaN(ForecastScores.of(new double[] {1}, new double[] {0}, 1).mape()));
    }

    @Test
    void theMaseScaleIsTheInSampleSeasonalNaiveError() {
        // season 2: |3-1| + |2-2| + |7-3| = 6 over 3
        assertEquals(2.0, ForecastScores.seasonalNaiveScale(new double[] {1, 2, 3, 2, 7}, 2), 1e-12);
        // season 1 is the naive forecast's error: |2-1| + |3-2| + |2-3| + |7-2| = 8 over 4
        assertEquals(2.0, ForecastScores.seasonalNaiveScale(new double[] {1, 2, 3, 2, 7}, 1), 1e-12);
    }

    @Test
    void baselinesMatchHandComputedForecasts() {
        double[] history = {1, 2, 3, 4, 5, 6, 10};
        assertArrayEquals(new double[] {10, 10, 10}, Baseline.NAIVE.forecast(history, 3, 3));
        // season 3: the last season is 5, 6, 10, repeated
        assertArrayEquals(new double[] {5, 6, 10, 5, 6}, Baseline.SEASONAL_NAIVE.forecast(history, 5, 3));
        // drift: (10 - 1) / 6 = 1.5 per step
        assertArrayEquals(new double[] {11.5, 13, 14.5}, Baseline.DRIFT.forecast(history, 3, 1), 1e-12);
        assertArrayEquals(new double[] {31.0 / 7, 31.0 / 7}, Baseline.MEAN.forecast(history, 2, 1), 1e-12);
        assertArrayEquals(new double[] {10, 10}, Baseline.SEASONAL_NAIVE.forecast(history, 2, 1));
    }
}
