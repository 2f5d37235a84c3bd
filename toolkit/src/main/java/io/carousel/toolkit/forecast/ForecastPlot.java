package io.carousel.toolkit.forecast;

import io.carousel.tasks.forecast.Backtest;
import io.carousel.tasks.forecast.Baseline;
import io.carousel.tasks.forecast.ForecastProblem;
import io.carousel.tasks.forecast.Series;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code forecast.png}: for each target, the history and actual values around the test period, the LSTM's and the
 * seasonal-naive forecasts from origins one horizon apart (so the paths tile the test period), and the folds'
 * starts.
 */
public final class ForecastPlot {

    private static final Color ACTUAL = new Color(60, 60, 60);
    private static final Color LSTM = new Color(214, 39, 40);
    private static final Color SEASONAL_NAIVE = new Color(31, 119, 180);
    private static final Color FOLD = new Color(150, 150, 150);

    private ForecastPlot() {
    }

    public static List<XYChart> charts(String title, Backtest backtest) {
        ForecastProblem problem = backtest.problem();
        Series s = problem.series();
        double[] x = TimeAxis.values(s.times());
        int horizon = problem.settings().horizon();
        int test = problem.settings().test();
        int from = Math.max(0, problem.testStart() - Math.max(3 * test, problem.settings().lookback()));
        List<XYChart> charts = new ArrayList<>();
        for (int j = 0; j < s.targets(); j++) {
            XYChart chart = new XYChartBuilder().width(900).height(450)
                    .title(s.targets() == 1 ? title : title + ": " + s.columns().get(j))
                    .xAxisTitle(s.timeColumn()).yAxisTitle(s.columns().get(j)).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            chart.getStyler().setXAxisDecimalPattern("0.##");
            XYSeries actual = chart.addSeries("actual", slice(x, from, s.length()), slice(s.values()[j], from,
                    s.length()));
            style(actual, ACTUAL, true);
            double lo = min(s.values()[j], from);
            double hi = max(s.values()[j], from);
            for (int f = 0; f < problem.settings().folds(); f++) {
                double at = x[problem.foldStart(f)];
                XYSeries line = chart.addSeries("fold " + (f + 1), new double[] {at, at}, new double[] {lo, hi});
                line.setLineColor(FOLD);
                line.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {4f, 4f}, 0f));
                line.setMarker(SeriesMarkers.NONE);
                line.setShowInLegend(f == 0);
                if (f == 0) {
                    line.setLabel("fold start");
                }
            }
            addPaths(chart, "LSTM", LSTM, backtest, Backtest.MODEL, j, x, horizon);
            addPaths(chart, "seasonal naive", SEASONAL_NAIVE, backtest, Baseline.SEASONAL_NAIVE.label(), j, x,
                    horizon);
            charts.add(chart);
        }
        return charts;
    }

    private static void addPaths(XYChart chart, String label, Color color, Backtest backtest, String forecaster,
                                 int target, double[] x, int horizon) {
        double[][][] f = backtest.forecasts().get(forecaster);
        List<Integer> origins = backtest.origins();
        for (int i = 0; i < origins.size(); i += horizon) {
            int o = origins.get(i);
            double[] px = new double[horizon + 1];
            double[] py = new double[horizon + 1];
            px[0] = x[o];
            py[0] = backtest.problem().series().values()[target][o];
            for (int h = 0; h < horizon; h++) {
                px[h + 1] = x[o + 1 + h];
                py[h + 1] = f[i][h][target];
            }
            XYSeries path = chart.addSeries(label + " " + i, px, py);
            style(path, color, i == 0);
            if (i == 0) {
                path.setLabel(label);
            }
        }
    }

    private static void style(XYSeries s, Color color, boolean inLegend) {
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(inLegend);
    }

    private static double[] slice(double[] v, int from, int to) {
        return java.util.Arrays.copyOfRange(v, from, to);
    }

    private static double min(double[] v, int from) {
        double m = Double.MAX_VALUE;
        for (int i = from; i < v.length; i++) {
            m = Math.min(m, v[i]);
        }
        return m;
    }

    private static double max(double[] v, int from) {
        double m = -Double.MAX_VALUE;
        for (int i = from; i < v.length; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }

    public static void write(Path file, String title, Backtest backtest) throws IOException {
        List<XYChart> charts = charts(title, backtest);
        String name = file.toString().replaceFirst("\\.png$", "");
        if (charts.size() == 1) {
            BitmapEncoder.saveBitmap(charts.get(0), name, BitmapEncoder.BitmapFormat.PNG);
        } else {
            BitmapEncoder.saveBitmap(new ArrayList<>(charts), charts.size(), 1, name, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
