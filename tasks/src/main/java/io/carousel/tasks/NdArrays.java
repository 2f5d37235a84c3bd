package io.carousel.tasks;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J arrays from the Java arrays the generators fill. {@code Nd4j.create(float[], ...)} copies its data into native
 * memory one element at a time (through a virtual {@code put} per element); for the wide one-hot batches of the
 * long-lag tasks that copy was a third of the training time. Here it is one native copy.
 */
public final class NdArrays {

    private NdArrays() {
    }

    /** A float array of {@code shape}, in C order, holding {@code data}: the same array {@code Nd4j.create} makes. */
    public static INDArray floats(float[] data, long... shape) {
        long length = 1;
        for (long d : shape) {
            length = Math.multiplyExact(length, d);
        }
        if (length != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + length
                    + " values, not " + data.length);
        }
        if (!Nd4j.getEnvironment().isCPU()) {
            // Elsewhere the array's memory may live on a device: let the backend copy it.
            return Nd4j.create(data, shape, 'c');
        }
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        new FloatPointer(array.data().addressPointer()).capacity(data.length).put(data, 0, data.length);
        return array;
    }
}
