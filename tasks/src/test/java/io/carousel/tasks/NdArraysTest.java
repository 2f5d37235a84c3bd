package io.carousel.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NdArraysTest {

    @Test
    void makesTheArrayNd4jCreateMakes() {
        SplittableRandom random = new SplittableRandom(3);
        for (long[] shape : new long[][] {{7}, {3, 5}, {4, 6, 9}, {2, 1004, 31}, {1, 1, 1}}) {
            int length = 1;
            for (long d : shape) {
                length *= (int) d;
            }
            float[] data = new float[length];
            for (int i = 0; i < length; i++) {
                data[i] = (float) random.nextGaussian();
            }
            INDArray expected = Nd4j.create(data, shape, 'c');
            INDArray actual = NdArrays.floats(data, shape);
            assertEquals(DataType.FLOAT, actual.dataType());
            assertEquals('c', actual.ordering());
            assertArrayEquals(expected.shape(), actual.shape());
            assertEquals(expected, actual);
            assertArrayEquals(data, actual.data().asFloat());
        }
    }

    @Test
    void refusesDataOfAnotherLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdArrays.floats(new float[5], 2, 3));
        assertEquals("shape [2, 3] holds 6 values, not 5", e.getMessage());
    }
}
