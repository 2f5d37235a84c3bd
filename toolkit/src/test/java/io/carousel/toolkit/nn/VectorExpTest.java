package io.carousel.toolkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector gates' {@code exp} is a fixed sequence of exactly rounded IEEE operations, so it gives the same bits
 * whether the JIT has compiled it or not (the Vector API's own {@code EXP} does not: compiled, it is a native routine
 * that rounds differently from the interpreted fallback, and parallel trials drifted apart from the same trials run
 * alone). Checked here against the same formula in scalar Java, bit for bit, and against {@code Math.exp}.
 */
class VectorExpTest {

    private static float reference(float v) {
        float x = Math.min(Math.max(v, -87.3f), 88.7f);
        float shifted = Math.fma(x, 1.44269504f, 12582912f);
        float k = shifted - 12582912f;
        float r = Math.fma(k, -0.693145752f, x);
        r = Math.fma(k, -1.42860677e-6f, r);
        float poly = Math.fma(1.3888889e-3f, r, 8.3333333e-3f);
        poly = Math.fma(poly, r, 4.1666668e-2f);
        poly = Math.fma(poly, r, 1.6666667e-1f);
        poly = Math.fma(poly, r, 0.5f);
        poly = Math.fma(poly, r, 1f);
        poly = Math.fma(poly, r, 1f);
        return poly * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (0x4B400000 - 127)) << 23);
    }

    @Test
    void vectorsAre256BitsByDefaultAndNeverWiderThanTheProcessors() {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertEquals(Math.min(256, preferred), VectorGates.SPECIES.vectorBitSize());
        assertEquals(Math.min(512, preferred), VectorGates.species(512).vectorBitSize());
        assertEquals(Math.min(512, preferred), VectorGates.species(4096).vectorBitSize());
        assertEquals(Math.min(128, preferred), VectorGates.species(100).vectorBitSize());
        assertEquals(Math.min(256, preferred), VectorGates.species(300).vectorBitSize());
    }

    @Test
    void vectorExpIsTheScalarFormulaBitForBitAndCloseToMathExp() {
        int lanes = VectorGates.SPECIES.length();
        SplittableRandom random = new SplittableRandom(1);
        float[] in = new float[lanes];
        float[] out = new float[lanes];
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < lanes; i++) {
                in[i] = (float) (random.nextDouble() * 180 - 90);
            }
            VectorGates.exp(FloatVector.fromArray(VectorGates.SPECIES, in, 0)).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                assertEquals(Float.floatToRawIntBits(reference(in[i])), Float.floatToRawIntBits(out[i]),
                        "exp(" + in[i] + ")");
                if (in[i] > -87 && in[i] < 88) {
                    double exact = Math.exp(in[i]);
                    assertTrue(Math.abs(out[i] - exact) <= 1e-6 * exact, "exp(" + in[i] + ") = " + out[i]);
                }
            }
        }
    }
}
