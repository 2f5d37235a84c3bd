package io.carousel.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A recurrent kernel's native scratch: buffers whose lengths grow with the rows of a pass ({@code steps x batch}) and
 * with its batch, allocated outside any workspace, grown to cover every shape seen and then reused, so that training
 * allocates nothing per iteration. Each buffer holds {@code perRow * rows + perBatch * batch} elements.
 */
final class Scratch {

    /** One buffer's length: {@code perRow} elements for every row and {@code perBatch} for every sequence. */
    record Size(long perRow, long perBatch) {
    }

    private final Size[] sizes;
    private final INDArray[] buffers;
    private final NativeCells[] cells;
    private DataType type;
    private long capacityRows;
    private int capacityBatch;
    private int reservations;

    Scratch(Size... sizes) {
        this.sizes = sizes.clone();
        this.buffers = new INDArray[sizes.length];
        this.cells = new NativeCells[sizes.length];
    }

    /**
     * Makes room for {@code rows} rows and {@code batch} sequences in {@code dtype}, reusing what is there. Returns
     * whether the buffers were replaced (their cells then have to be fetched again).
     */
    boolean reserve(DataType dtype, long rows, int batch) {
        if (dtype == type && rows <= capacityRows && batch <= capacityBatch) {
            return false;
        }
        // Grow to cover every shape seen, so that alternating shapes do not reallocate every time.
        long newRows = dtype == type ? Math.max(rows, capacityRows) : rows;
        int newBatch = dtype == type ? Math.max(batch, capacityBatch) : batch;
        release();
        reservations++;
        type = dtype;
        capacityRows = newRows;
        capacityBatch = newBatch;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int i = 0; i < sizes.length; i++) {
                buffers[i] = Nd4j.createUninitializedDetached(dtype,
                        Math.max(1, sizes[i].perRow() * capacityRows + sizes[i].perBatch() * capacityBatch));
                cells[i] = NativeCells.of(buffers[i]);
            }
        }
        return true;
    }

    /** The cells of buffer {@code i} (in the order of the sizes given), valid until the next reallocation. */
    NativeCells cells(int i) {
        return cells[i];
    }

    /** The precision of the buffers, or null before the first {@link #reserve}. */
    DataType type() {
        return type;
    }

    /** How many times the buffers were allocated: once per precision and each time a larger shape arrives. */
    int reservations() {
        return reservations;
    }

    /** Frees the buffers now rather than when the garbage collector finds them. */
    void release() {
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null && buffers[i].closeable()) {
                buffers[i].close();
            }
            buffers[i] = null;
            cells[i] = null;
        }
        type = null;
        capacityRows = 0;
        capacityBatch = 0;
    }

    /**
     * Copies a {@code [rows, cols]} matrix (any strides; zeros if null) into {@code to} from {@code offset}, row-major:
     * an initial state into slot 0 of a kernel's states.
     */
    static void copyIn(INDArray from, NativeCells to, long offset, int rows, int cols) {
        NativeCells source = from == null ? null : NativeCells.of(from);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                to.set(offset + (long) r * cols + c,
                        source == null ? 0 : source.get(r * from.stride(0) + c * from.stride(1)));
            }
        }
    }

    /**
     * Copies a {@code [batch, width, steps]} array (any strides) into time-major rows from {@code offset}: element
     * {@code (b, k, t)} to {@code offset + (t * batch + b) * width + k}.
     */
    static void toTimeMajor(INDArray from, NativeCells to, long offset) {
        LstmKernel.Strided3 in = new LstmKernel.Strided3(from);
        int batch = (int) from.size(0);
        int width = (int) from.size(1);
        int steps = (int) from.size(2);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                long row = offset + (long) (t * batch + b) * width;
                for (int k = 0; k < width; k++) {
                    to.set(row + k, in.get(b, k, t));
                }
            }
        }
    }

    /** The reverse of {@link #toTimeMajor}: time-major rows from {@code offset} into {@code [batch, width, steps]}. */
    static void fromTimeMajor(NativeCells from, long offset, INDArray to) {
        LstmKernel.Strided3 out = new LstmKernel.Strided3(to);
        int batch = (int) to.size(0);
        int width = (int) to.size(1);
        int steps = (int) to.size(2);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                long row = offset + (long) (t * batch + b) * width;
                for (int k = 0; k < width; k++) {
                    out.set(b, k, t, from.get(row + k));
                }
            }
        }
    }

    /** A new {@code [rows, cols]} array holding the row-major matrix at {@code offset} of {@code from}. */
    static INDArray copyOut(NativeCells from, long offset, DataType type, int rows, int cols) {
        INDArray out = Nd4j.createUninitializedDetached(type, rows, cols);
        NativeCells to = NativeCells.of(out);
        for (int i = 0; i < rows * cols; i++) {
            to.set(i, from.get(offset + i));
        }
        return out;
    }
}
