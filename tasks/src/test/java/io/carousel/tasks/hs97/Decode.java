package io.carousel.tasks.hs97;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Reads generated batches back into plain Java arrays, for the generator tests. */
final class Decode {

    private Decode() {
    }

    /** Each sequence's length: its unmasked steps, or the batch's length where there is no mask. */
    static int[] lengths(DataSet ds) {
        int n = (int) ds.getFeatures().size(0);
        int steps = (int) ds.getFeatures().size(2);
        int[] lengths = new int[n];
        INDArray mask = ds.getFeaturesMaskArray();
        if (mask == null) {
            Arrays.fill(lengths, steps);
            return lengths;
        }
        float[] m = mask.dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                float v = m[i * steps + t];
                if (v == 1f) {
                    assertEquals(t, lengths[i], "the mask is a prefix of ones");
                    lengths[i]++;
                } else {
                    assertEquals(0f, v, "mask entries are 0 or 1");
                }
            }
        }
        return lengths;
    }

    /**
     * The symbol at each step of a one-hot {@code [n, symbols, steps]} array, over each sequence's {@code lengths};
     * asserts exactly one 1 at those steps and zeros past them.
     */
    static int[][] oneHot(INDArray x, int[] lengths) {
        int n = (int) x.size(0);
        int symbols = (int) x.size(1);
        int steps = (int) x.size(2);
        float[] d = x.dup('c').data().asFloat();
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[lengths[i]];
            for (int t = 0; t < steps; t++) {
                int ones = 0;
                for (int j = 0; j < symbols; j++) {
                    float v = d[(i * symbols + j) * steps + t];
                    if (v == 1f) {
                        ones++;
                        if (t < lengths[i]) {
                            out[i][t] = j;
                        }
                    } else {
                        assertEquals(0f, v, "one-hot entries are 0 or 1");
                    }
                }
                assertEquals(t < lengths[i] ? 1 : 0, ones, "sequence " + i + " step " + t);
            }
        }
        return out;
    }

    /** The class of each row of a one-hot {@code [n, classes]} array. */
    static int[] classes(INDArray labels) {
        int n = (int) labels.size(0);
        int k = (int) labels.size(1);
        float[] d = labels.dup('c').data().asFloat();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int ones = 0;
            for (int j = 0; j < k; j++) {
                if (d[i * k + j] == 1f) {
                    out[i] = j;
                    ones++;
                } else {
                    assertEquals(0f, d[i * k + j]);
                }
            }
            assertEquals(1, ones, "one class per sequence");
        }
        return out;
    }

    /** A hash of the array's exact float bits (float-to-int conversion would hide small differences). */
    static int bits(INDArray x) {
        if (x == null) {
            return 0;
        }
        int h = 1;
        for (float v : x.dup('c').data().asFloat()) {
            h = 31 * h + Float.floatToIntBits(v);
        }
        return 31 * h + Arrays.hashCode(x.shape());
    }

    /** Features, labels and masks, bit for bit. */
    static boolean sameBits(DataSet a, DataSet b) {
        return bits(a.getFeatures()) == bits(b.getFeatures()) && bits(a.getLabels()) == bits(b.getLabels())
                && bits(a.getFeaturesMaskArray()) == bits(b.getFeaturesMaskArray())
                && bits(a.getLabelsMaskArray()) == bits(b.getLabelsMaskArray())
                && a.getFeatures().equals(b.getFeatures()) && a.getLabels().equals(b.getLabels());
    }
}
