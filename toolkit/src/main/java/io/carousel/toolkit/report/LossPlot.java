package io.carousel.toolkit.report;

import io.carousel.toolkit.train.MetricsRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code loss.png}: training loss and validation MSE against training sequences seen, on a log scale. */
public final class LossPlot {

    private LossPlot() {
    }

    public static XYChart chart(String title, List<MetricsRow> history) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("training sequences").yAxisTitle("loss / MSE (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        List<MetricsRow> rows = history.stream()
                .filter(r -> r.loss() > 0 && r.validationMse() > 0 && Double.isFinite(r.loss())).toList();
        if (rows.isEmpty()) {
            rows = List.of(new MetricsRow(0, 1, 0, 1, 0, 0));
        }
        double[] x = rows.stream().mapToDouble(MetricsRow::sequences).toArray();
        XYSeries train = chart.addSeries("training loss", x, rows.stream().mapToDouble(MetricsRow::loss).toArray());
        train.setMarker(SeriesMarkers.NONE);
        XYSeries val = chart.addSeries("validation MSE", x,
                rows.stream().mapToDouble(MetricsRow::validationMse).toArray());
        val.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    public static void write(Path file, String title, List<MetricsRow> history) throws IOException {
        String name = file.toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(chart(title, history), name, BitmapEncoder.BitmapFormat.PNG);
    }
}
