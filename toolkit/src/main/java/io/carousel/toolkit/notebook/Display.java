package io.carousel.toolkit.notebook;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What a notebook shows for a value: images and XChart charts as PNG, Markdown as Markdown, everything else as its
 * text. Cells call {@link #display} (imported in every notebook) to show more than their last value.
 */
public final class Display {

    private static volatile JavaKernel kernel;

    private Display() {
    }

    static void attach(JavaKernel k) {
        kernel = k;
    }

    /** Shows {@code value} below the running cell (in a notebook; outside one, prints its text). */
    public static void display(Object value) {
        JavaKernel k = kernel;
        if (k == null) {
            System.out.println(value);
        } else {
            k.display(of(value));
        }
    }

    /** Shows {@code markdown} as formatted text. */
    public static void markdown(String markdown) {
        DisplayData d = new DisplayData(markdown);
        d.putMarkdown(markdown);
        JavaKernel k = kernel;
        if (k == null) {
            System.out.println(markdown);
        } else {
            k.display(d);
        }
    }

    /** The display data of {@code value}. */
    static DisplayData of(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        if (value instanceof Chart<?, ?> chart) {
            try {
                return png(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG),
                        chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\" (" + chart.getWidth() + "x"
                                + chart.getHeight() + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (value instanceof BufferedImage image) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return png(bytes.toByteArray(), "image " + image.getWidth() + "x" + image.getHeight());
        }
        return new DisplayData(String.valueOf(value));
    }

    private static DisplayData png(byte[] bytes, String text) {
        DisplayData d = new DisplayData(text);
        d.putData("image/png", Base64.getEncoder().encodeToString(bytes));
        return d;
    }
}
