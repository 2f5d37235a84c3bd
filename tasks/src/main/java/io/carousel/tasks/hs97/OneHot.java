package io.carousel.tasks.hs97;

import io.carousel.tasks.NdArrays;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One-hot batches in DL4J's layout, built from symbol indices. */
final class OneHot {

    private OneHot() {
    }

    /**
     * {@code [n, symbols, steps]}: step t of row i is the one-hot vector of {@code rows[i][t]}; steps past the end of a
     * row are zero.
     */
    static INDArray sequences(int[][] rows, int symbols, int steps) {
        float[] data = new float[Math.multiplyExact(Math.multiplyExact(rows.length, symbols), steps)];
        for (int i = 0; i < rows.length; i++) {
            for (int t = 0; t < rows[i].length; t++) {
                data[(i * symbols + rows[i][t]) * steps + t] = 1f;
            }
        }
        return NdArrays.floats(data, rows.length, symbols, steps);
    }

    /** {@code [n, steps]}: 1 where row i has a step, 0 past its end. */
    static INDArray mask(int[][] rows, int steps) {
        float[] data = new float[Math.multiplyExact(rows.length, steps)];
        for (int i = 0; i < rows.length; i++) {
            Arrays.fill(data, i * steps, i * steps + rows[i].length, 1f);
        }
        return NdArrays.floats(data, rows.length, steps);
    }

    /** {@code [n, count]}: the one-hot vector of each class. */
    static INDArray classes(int[] classes, int count) {
        float[] data = new float[Math.multiplyExact(classes.length, count)];
        for (int i = 0; i < classes.length; i++) {
            data[i * count + classes[i]] = 1f;
        }
        return NdArrays.floats(data, classes.length, count);
    }

    /** The longest row's length. */
    static int longest(int[][] rows) {
        int max = 0;
        for (int[] row : rows) {
            max = Math.max(max, row.length);
        }
        return max;
    }
}
