package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the tests of the fused recurrent layers share: masks, DL4J's hidden directions, and array comparison. */
final class LayerFixtures {

    private LayerFixtures() {
    }

    /** Per sequence, 1 for its {@code length} real steps and 0 for the padding after (or before) them. */
    static INDArray lengthsMask(Random random, int batch, int steps, boolean paddingFirst) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, batch, steps);
        for (int b = 0; b < batch; b++) {
            int length = b == 0 ? steps : 1 + random.nextInt(steps);
            for (int t = 0; t < length; t++) {
                mask.putScalar(b, paddingFirst ? steps - 1 - t : t, 1.0);
            }
        }
        return mask;
    }

    /** One direction ({@code "fwd"} or {@code "bwd"}) of DL4J's bidirectional layer, which keeps them private. */
    static org.deeplearning4j.nn.api.Layer direction(Object bidirectional, String field) {
        try {
            java.lang.reflect.Field f = bidirectional.getClass().getDeclaredField(field);
            f.setAccessible(true);
            return (org.deeplearning4j.nn.api.Layer) f.get(bidirectional);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Same shape, and every element within {@code tolerance} relative error (differences below 1e-12 ignored, so that
     * values that should be zero may be).
     */
    static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what);
        double worst = 0;
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        for (int i = 0; i < e.length; i++) {
            double error = Math.abs(e[i] - a[i]);
            if (error > 1e-12) {
                worst = Math.max(worst, error / Math.max(Math.abs(e[i]), Math.abs(a[i])));
            }
        }
        assertTrue(worst <= tolerance, what + ": worst relative error " + worst);
    }
}
