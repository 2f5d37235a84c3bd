package io.carousel.tasks.hs97;

import io.carousel.tasks.NdArrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The sequences of pairs (value, marker) that the adding and the multiplication problems share: Hochreiter &amp;
 * Schmidhuber (1997), "Long Short-Term Memory", sections 5.4 and 5.5 (experiments 4 and 5). The two tasks differ only
 * in how a value is drawn, the value of a marked first pair, and the target.
 */
final class MarkedPairs {

    /** X1 is among the first this-many pairs. */
    static final int FIRST_MARK_RANGE = 10;

    private MarkedPairs() {
    }

    static int maxLength(int length, boolean fixedLength) {
        return fixedLength ? length : length + length / 10;
    }

    /** X2 is among the first this-many pairs (T/2 - 1). */
    static int secondMarkRange(int length) {
        return length / 2 - 1;
    }

    /**
     * {@code size} sequences: lengths uniform in [T, T + T/10] (or exactly T), values {@code value(u)} of a uniform
     * {@code u} in [0, 1), a marked first pair set to {@code markedFirstValue}, target {@code target(X1, X2)} at the
     * last step. The batch is {@code T + T/10} steps long when {@code padToMax} (the adding problem's layout, kept so
     * that its data never changes), else as long as its longest sequence.
     */
    static DataSet batch(int size, long seed, int length, boolean fixedLength, boolean padToMax,
                         DoubleUnaryOperator value, float markedFirstValue, DoubleBinaryOperator target) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int maxLength = maxLength(length, fixedLength);
        // C order: [sequence][value, marker][step].
        float[] features = new float[Math.multiplyExact(size, 2 * maxLength)];
        float[] mask = new float[Math.multiplyExact(size, maxLength)];
        float[] targets = new float[size];
        int longest = 0;
        for (int s = 0; s < size; s++) {
            int len = fixedLength ? length : length + random.nextInt(length / 10 + 1);
            longest = Math.max(longest, len);
            int values = s * 2 * maxLength;
            int markers = values + maxLength;
            for (int t = 0; t < len; t++) {
                features[values + t] = (float) value.applyAsDouble(random.nextDouble());
                mask[s * maxLength + t] = 1f;
            }
            features[markers] = -1f;
            features[markers + len - 1] = -1f;
            int first = random.nextInt(FIRST_MARK_RANGE);
            int second;
            do {
                second = random.nextInt(secondMarkRange(length));
            } while (second == first);
            features[markers + first] = 1f;
            features[markers + second] = 1f;
            features[values] = features[markers] == 1f ? markedFirstValue : features[values];
            targets[s] = (float) target.applyAsDouble(features[values + first], features[values + second]);
        }
        INDArray x = NdArrays.floats(features, size, 2, maxLength);
        INDArray m = NdArrays.floats(mask, size, maxLength);
        if (!padToMax && longest < maxLength) {
            x = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, longest)).dup('c');
            m = m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, longest)).dup('c');
        }
        // Fixed-length sequences need no mask: every step of every sequence counts.
        return new DataSet(x, NdArrays.floats(targets, size, 1), fixedLength ? null : m, null);
    }
}
