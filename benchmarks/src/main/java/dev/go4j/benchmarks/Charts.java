package dev.go4j.benchmarks;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Bar charts with error bars, drawn with XChart into PNG files (headless): one bar per
 * implementation in each category (parameter set), go4j in a strong colour, Go's twin beside it in
 * Go's blue, the others in greys.
 */
final class Charts {

    /** What a series is, which decides its colour and place. */
    enum Kind {
        GO4J(new Color(0xE8, 0x59, 0x0C)),
        GO(new Color(0x00, 0xAD, 0xD8)),
        OTHER(null);

        final Color color;

        Kind(Color color) {
            this.color = color;
        }
    }

    /**
     * One implementation's bars.
     *
     * @param name the legend's label
     * @param values one per category, null where it has none
     * @param errors one per category (the error bar's half-height), 0 where unknown
     * @param kind go4j, Go, or another implementation
     */
    record Series(String name, List<Double> values, List<Double> errors, Kind kind) {}

    private static final Color[] GREYS = {
        new Color(0x49, 0x50, 0x57), new Color(0x86, 0x8E, 0x96), new Color(0xAD, 0xB5, 0xBD),
        new Color(0x34, 0x3A, 0x40), new Color(0x6C, 0x75, 0x7D), new Color(0xCE, 0xD4, 0xDA),
    };

    private Charts() {}

    /**
     * Draws the chart into {@code file} (a PNG): one group of bars per category, one bar per series.
     */
    static void bars(Path file, String title, String xTitle, String yTitle, List<String> categories,
            List<Series> series) throws IOException {
        int label = 30 + 9 * categories.stream().mapToInt(String::length).max().orElse(1);
        int perCategory = Math.max(30 + 26 * series.size(), label);
        int plot = Math.max(520, categories.size() * perCategory);
        int legend = 60 + 8 * series.stream().mapToInt(s -> s.name().length()).max().orElse(10);
        CategoryChart chart = new CategoryChartBuilder()
                .width(Math.min(2400, 120 + plot) + legend)
                .height(Math.max(480, 120 + 24 * series.size()))
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        if (120 + plot > 2400) {
            chart.getStyler().setXAxisLabelRotation(30); // too many categories for level labels
        }
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setAvailableSpaceFill(0.85);
        List<String> xs = categories.stream().map(c -> c.isEmpty() ? " " : c).toList();
        int grey = 0;
        for (Series s : series) {
            List<Double> values = new ArrayList<>();
            List<Double> errors = new ArrayList<>();
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                Double e = s.errors().get(i);
                values.add(v == null ? Double.NaN : v); // XChart draws no bar for NaN (null would throw)
                errors.add(v == null || e == null || e.isNaN() ? 0.0 : e);
            }
            CategorySeries cs = chart.addSeries(s.name(), xs, values, errors);
            cs.setFillColor(s.kind().color != null ? s.kind().color : GREYS[grey++ % GREYS.length]);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
