package io.carousel.toolkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense matrix inside {@link NativeCells}: {@code rows x cols} from {@code offset}, with leading dimension {@code ld},
 * stored row-major or column-major. Lets the kernel multiply DL4J's parameter views (column-major) and its own
 * scratch (row-major) with one BLAS call each, whatever their layout.
 */
record Mat(NativeCells cells, long offset, int rows, int cols, int ld, boolean columnMajor) {

    static Mat rowMajor(NativeCells cells, long offset, int rows, int cols) {
        return new Mat(cells, offset, rows, cols, cols, false);
    }

    /** The first {@code cols} columns of a 2-d array whose rows or columns are contiguous. */
    static Mat of(INDArray array, int cols) {
        if (array.rank() != 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + java.util.Arrays.toString(
                    array.shape()));
        }
        int rows = (int) array.size(0);
        NativeCells cells = NativeCells.of(array);
        if (array.stride(1) == 1) {
            return new Mat(cells, 0, rows, cols, (int) Math.max(array.stride(0), cols), false);
        }
        if (array.stride(0) == 1) {
            return new Mat(cells, 0, rows, cols, (int) Math.max(array.stride(1), rows), true);
        }
        throw new IllegalArgumentException("the matrix has neither contiguous rows nor contiguous columns");
    }

    Mat transpose() {
        return new Mat(cells, offset, cols, rows, ld, !columnMajor);
    }

    /** {@code this = alpha * a * b + beta * this}. */
    void setProduct(double alpha, Mat a, Mat b, double beta) {
        if (a.rows != rows || b.cols != cols || a.cols != b.rows) {
            throw new IllegalArgumentException("cannot multiply " + a.rows + "x" + a.cols + " by " + b.rows + "x"
                    + b.cols + " into " + rows + "x" + cols);
        }
        if (columnMajor) {
            // C^T = B^T A^T, and a column-major C is a row-major C^T.
            transpose().setProduct(alpha, b.transpose(), a.transpose(), beta);
            return;
        }
        // A column-major operand is the row-major storage of its transpose.
        a.cells.gemm(a.columnMajor, b.columnMajor, rows, cols, a.cols, alpha, a.offset, a.ld, b.cells, b.offset, b.ld,
                beta, cells, offset, ld);
    }
}
