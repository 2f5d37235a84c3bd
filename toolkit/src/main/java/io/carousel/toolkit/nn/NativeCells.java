package io.carousel.toolkit.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.DoubleRawIndexer;
import org.bytedeco.javacpp.indexer.FloatRawIndexer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The elements of an ND4J array in native memory, read and written from Java in the array's own precision (float or
 * double), and handed to BLAS without a copy. Index 0 is the array's first element; callers apply the strides. Reads
 * and writes are bounds-checked by JavaCPP's raw indexers, so a wrong index fails instead of corrupting memory.
 *
 * <p>Only for ND4J's CPU backend, where an array's buffer is host memory.
 */
abstract sealed class NativeCells permits NativeCells.F32, NativeCells.F64 {

    /** Cells of {@code array}, covering every element its shape and strides can reach. */
    static NativeCells of(INDArray array) {
        long extent = 1;
        for (int d = 0; d < array.rank(); d++) {
            if (array.size(d) == 0) {
                extent = 0;
                break;
            }
            extent += (array.size(d) - 1) * Math.abs(array.stride(d));
        }
        Pointer first = array.data().addressPointer();
        DataType type = array.dataType();
        if (type == DataType.FLOAT) {
            return new F32(new FloatPointer(first).capacity(extent).limit(extent));
        }
        if (type == DataType.DOUBLE) {
            return new F64(new DoublePointer(first).capacity(extent).limit(extent));
        }
        throw new IllegalArgumentException("the fused LSTM computes in float or double, not " + type);
    }

    abstract double get(long i);

    abstract void set(long i, double value);

    /**
     * Row-major {@code C[m x n] = alpha * op(A)[m x k] * op(B)[k x n] + beta * C}, each operand given by its cells, the
     * offset of its first element and its leading dimension. All three must have the same precision.
     */
    abstract void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, long aOffset, int lda,
                       NativeCells b, long bOffset, int ldb, double beta, NativeCells c, long cOffset, int ldc);

    private static int trans(boolean transpose) {
        return transpose ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
    }

    static final class F32 extends NativeCells {
        private final FloatPointer pointer;
        /**
         * The same memory as a direct buffer, for bulk copies: the buffer's absolute bulk get and put are plain Java
         * (a memory copy the JIT compiles in), where the pointer's are a JNI call each, which cost more than the
         * copy at the sizes of a step's rows. Null when the memory is beyond an int's reach.
         */
        private final FloatBuffer buffer;
        private final FloatRawIndexer cells;

        F32(FloatPointer pointer) {
            this.pointer = pointer;
            this.buffer = pointer.limit() <= Integer.MAX_VALUE ? pointer.asBuffer() : null;
            this.cells = new FloatRawIndexer(pointer);
        }

        @Override
        double get(long i) {
            return cells.getRaw(i);
        }

        @Override
        void set(long i, double value) {
            cells.putRaw(i, (float) value);
        }

        @Override
        void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, long aOffset, int lda,
                  NativeCells b, long bOffset, int ldb, double beta, NativeCells c, long cOffset, int ldc) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB), m, n, k,
                    (float) alpha, at(aOffset), lda, ((F32) b).at(bOffset), ldb, (float) beta, ((F32) c).at(cOffset),
                    ldc);
        }

        private FloatPointer at(long offset) {
            return new FloatPointer(pointer).position(offset);
        }

        /** Copies {@code length} elements from index {@code from} into {@code to[offset..]}, in one native copy. */
        void read(long from, float[] to, int offset, int length) {
            if (buffer != null) {
                buffer.get((int) from, to, offset, length);
            } else {
                new FloatPointer(pointer).position(from).get(to, offset, length);
            }
        }

        /** Copies {@code length} elements of {@code from[offset..]} to index {@code at}, in one native copy. */
        void write(long at, float[] from, int offset, int length) {
            if (buffer != null) {
                buffer.put((int) at, from, offset, length);
            } else {
                new FloatPointer(pointer).position(at).put(from, offset, length);
            }
        }
    }

    static final class F64 extends NativeCells {
        private final DoublePointer pointer;
        private final DoubleRawIndexer cells;

        F64(DoublePointer pointer) {
            this.pointer = pointer;
            this.cells = new DoubleRawIndexer(pointer);
        }

        @Override
        double get(long i) {
            return cells.getRaw(i);
        }

        @Override
        void set(long i, double value) {
            cells.putRaw(i, value);
        }

        @Override
        void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, long aOffset, int lda,
                  NativeCells b, long bOffset, int ldb, double beta, NativeCells c, long cOffset, int ldc) {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, trans(transA), trans(transB), m, n, k,
                    alpha, at(aOffset), lda, ((F64) b).at(bOffset), ldb, beta, ((F64) c).at(cOffset), ldc);
        }

        private DoublePointer at(long offset) {
            return new DoublePointer(pointer).position(offset);
        }
    }
}
