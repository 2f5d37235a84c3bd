package io.carousel.toolkit.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The LSTM of DL4J's {@code LSTM} and {@code GravesLSTM} layers, forward and backward through time, with DL4J's
 * parameter layout and gate order, in one BLAS call per time step and Java for everything element-wise (vectorised
 * by {@link VectorGates} in float when the JVM has the Vector API, one element at a time otherwise).
 *
 * <p>DL4J's own implementation issues some 67 native calls per time step, each costing more in overhead than in
 * arithmetic at the sizes recurrent networks use. Here each step computes {@code h[t-1] * RW} with one {@code gemm}
 * and the gates, cell and output in one Java pass; the input projection is one matrix product over all steps (or,
 * with the vector gates and few inputs, part of each step's pass). The backward pass mirrors it: one {@code gemm} per
 * step for the recurrent gradient, then one product each for the recurrent and (unless the steps took them) input
 * weight and input gradients of all steps at once.
 *
 * <p>Gates, as DL4J orders them in the columns of {@code W}, {@code RW} and {@code b}: block input {@code a}
 * (activation tanh), forget gate {@code f}, output gate {@code o}, input gate {@code g} (all three sigmoid). With
 * peepholes ({@code GravesLSTM}), {@code RW} has three more columns {@code wFF, wOO, wGG}: {@code f} and {@code g} see
 * the previous cell, {@code o} the new one.
 *
 * <pre>
 *   c[t] = m[t] * (f * c[t-1] + g * a)      h[t] = m[t] * o * tanh(f * c[t-1] + g * a)
 * </pre>
 *
 * where {@code m} is the mask (1 where a sequence has a value at that step, 0 in its padding), as DL4J masks: a
 * masked step emits zeros and passes a zero state on. The backward pass is the exact gradient of this function,
 * masked steps included.
 *
 * <p>State between calls: the last forward pass stays in scratch buffers (native, outside any workspace, grown to the
 * largest batch seen and then reused, so training allocates nothing per iteration) until {@link #backward} or the
 * next {@link #forward}. Not thread-safe; DL4J gives each thread its own layer.
 */
final class LstmKernel {

    private final int nIn;
    private final int n;
    private final boolean peepholes;

    /**
     * Time-major scratch, row {@code t * batch + b}: inputs, gates (then their gradients), tanh of the cell; outputs
     * and cells with the initial state in front (slot 0 is the state before step 0); the gradients w.r.t. h from the
     * step after and w.r.t. the inputs of all steps; one step's {@code h * RW}, {@code [batch, 4n]}, when the steps
     * project their own inputs.
     */
    private final Scratch scratch;
    private NativeCells x;
    private NativeCells z;
    private NativeCells act;
    private NativeCells h;
    private NativeCells c;
    private NativeCells dh;
    private NativeCells dx;
    private NativeCells g;

    /** Shape and mask of the forward pass held in scratch; {@code steps == 0} before the first. */
    private int steps;
    private int batch;
    private double[] mask;
    private boolean hasInitialState;
    /**
     * The input of the forward pass when the products read it in place (row-major sequences, projected outside the
     * steps), else null and the input is in the {@code x} scratch.
     */
    private INDArray inPlaceInput;

    /** Vectorised float gates, or null for the scalar loop (always used in double precision). */
    private final VectorGates vectorGates;

    LstmKernel(int nIn, int units, boolean peepholes, boolean vectorise) {
        this.nIn = nIn;
        this.n = units;
        this.peepholes = peepholes;
        this.vectorGates = vectorise ? new VectorGates(units, peepholes) : null;
        this.scratch = new Scratch(new Scratch.Size(nIn, 0), new Scratch.Size(4L * units, 0),
                new Scratch.Size(units, 0), new Scratch.Size(units, units), new Scratch.Size(units, units),
                new Scratch.Size(0, units), new Scratch.Size(nIn, 0), new Scratch.Size(0, 4L * units));
    }

    /**
     * Runs the layer over {@code input} and writes its outputs to {@code out}.
     *
     * @param input   {@code [batch, nIn, steps]}, any strides
     * @param w       input weights {@code [nIn, 4n]}
     * @param rw      recurrent weights {@code [n, 4n]} ({@code [n, 4n + 3]} with peepholes)
     * @param bias    {@code [1, 4n]}
     * @param maskIn  {@code [batch, steps]}, or null when every step of every sequence counts
     * @param h0      output before step 0, {@code [batch, n]}, or null for zeros
     * @param c0      cell before step 0, {@code [batch, n]}, or null for zeros
     * @param out     {@code [batch, n, steps]}, any strides
     */
    void forward(INDArray input, INDArray w, INDArray rw, INDArray bias, INDArray maskIn, INDArray h0, INDArray c0,
                 INDArray out) {
        int bs = (int) input.size(0);
        int ts = (int) input.size(2);
        if (scratch.reserve(w.dataType(), (long) ts * bs, bs)) {
            x = scratch.cells(0);
            z = scratch.cells(1);
            act = scratch.cells(2);
            h = scratch.cells(3);
            c = scratch.cells(4);
            dh = scratch.cells(5);
            dx = scratch.cells(6);
            g = scratch.cells(7);
        }
        steps = ts;
        batch = bs;
        mask = readMask(maskIn, bs, ts);
        hasInitialState = h0 != null || c0 != null;
        int rows = ts * bs;

        boolean vector = vectorised();
        boolean projectInSteps = projectsInSteps();
        inPlaceInput = !projectInSteps && rowMajorSequences(input) ? input : null;
        if (inPlaceInput != null) {
            // One product per sequence straight from the input: wide inputs (experiment 2c's 1,004 one-hot symbols)
            // spent most of their time copying into the scratch.
            NativeCells in = NativeCells.of(input);
            Mat weights = Mat.of(w, 4 * n);
            for (int b = 0; b < bs; b++) {
                sequenceGates(b).setProduct(1, sequenceInputs(in, b), weights, 0);
            }
        } else {
            Scratch.toTimeMajor(input, x, 0);
            if (!projectInSteps) {
                Mat.rowMajor(z, 0, rows, 4 * n).setProduct(1, Mat.rowMajor(x, 0, rows, nIn), Mat.of(w, 4 * n), 0);
            }
        }
        Scratch.copyIn(h0, h, 0, bs, n);
        Scratch.copyIn(c0, c, 0, bs, n);

        double[] b4 = readRow(bias, 4 * n);
        double[] wff = peepholes ? readColumn(rw, 4 * n) : null;
        double[] woo = peepholes ? readColumn(rw, 4 * n + 1) : null;
        double[] wgg = peepholes ? readColumn(rw, 4 * n + 2) : null;
        Mat recurrent = Mat.of(rw, 4 * n);
        if (vector) {
            vectorGates.begin(b4, wff, woo, wgg, projectInSteps ? inputWeights(w) : null, nIn, bs);
        }
        Mat hw = Mat.rowMajor(g, 0, bs, 4 * n);
        for (int t = 0; t < ts; t++) {
            boolean recurs = t > 0 || hasInitialState;
            if (projectInSteps) {
                // h * RW into a small buffer that stays in cache; the step adds its inputs' projection.
                if (recurs) {
                    hw.setProduct(1, hRows(t), recurrent, 0);
                }
                vectorGates.step(recurs ? (NativeCells.F32) g : null, (NativeCells.F32) x, (NativeCells.F32) z,
                        (NativeCells.F32) c, (NativeCells.F32) h, (NativeCells.F32) act, t, bs, mask);
                continue;
            }
            if (recurs) {
                zRows(t).setProduct(1, hRows(t), recurrent, 1);
            }
            if (vector) {
                vectorGates.step(null, null, (NativeCells.F32) z, (NativeCells.F32) c, (NativeCells.F32) h,
                        (NativeCells.F32) act, t, bs, mask);
            } else {
                scalarStep(t, b4, wff, woo, wgg);
            }
        }
        writeOutputs(out);
    }

    /** The element-wise half of forward step {@code t}, one element at a time (see {@link VectorGates}). */
    private void scalarStep(int t, double[] b4, double[] wff, double[] woo, double[] wgg) {
        final NativeCells z = this.z;
        final NativeCells h = this.h;
        final NativeCells c = this.c;
        final NativeCells act = this.act;
        final int n = this.n;
        final int bs = batch;
        for (int b = 0; b < bs; b++) {
            int row = t * bs + b;
            long zr = (long) row * 4 * n;
            long prev = (long) row * n;
            long next = prev + (long) bs * n;
            double m = mask == null ? 1 : mask[row];
            for (int j = 0; j < n; j++) {
                double cPrev = c.get(prev + j);
                double zf = z.get(zr + n + j) + b4[n + j];
                double zg = z.get(zr + 3 * n + j) + b4[3 * n + j];
                if (peepholes) {
                    zf += cPrev * wff[j];
                    zg += cPrev * wgg[j];
                }
                double a = tanh(z.get(zr + j) + b4[j]);
                double f = sigmoid(zf);
                double g = sigmoid(zg);
                double cell = f * cPrev + g * a;
                double zo = z.get(zr + 2 * n + j) + b4[2 * n + j];
                if (peepholes) {
                    zo += cell * woo[j];
                }
                double o = sigmoid(zo);
                double tc = tanh(cell);
                z.set(zr + j, a);
                z.set(zr + n + j, f);
                z.set(zr + 2 * n + j, o);
                z.set(zr + 3 * n + j, g);
                act.set(prev + j, tc);
                c.set(next + j, m * cell);
                h.set(next + j, m * o * tc);
            }
        }
    }

    /** The element-wise half of backward step {@code t}, one element at a time (see {@link VectorGates#backStep}). */
    private void scalarBackStep(int t, Strided3 eps, boolean fromNext, double[] wff, double[] woo, double[] wgg,
                                double[] dc, double[] db, double[] dPeep) {
        final NativeCells z = this.z;
        final NativeCells c = this.c;
        final NativeCells act = this.act;
        final NativeCells dh = this.dh;
        final int n = this.n;
        final int bs = batch;
        for (int b = 0; b < bs; b++) {
            int row = t * bs + b;
            long zr = (long) row * 4 * n;
            long prev = (long) row * n;
            long next = prev + (long) bs * n;
            double m = mask == null ? 1 : mask[row];
            for (int j = 0; j < n; j++) {
                int s = b * n + j;
                if (m == 0) {
                    // A masked step's outputs are constants: nothing flows through it.
                    z.set(zr + j, 0);
                    z.set(zr + n + j, 0);
                    z.set(zr + 2 * n + j, 0);
                    z.set(zr + 3 * n + j, 0);
                    dc[s] = 0;
                    continue;
                }
                double dOut = m * (eps.get(b, j, t) + (fromNext ? dh.get(s) : 0));
                double a = z.get(zr + j);
                double f = z.get(zr + n + j);
                double o = z.get(zr + 2 * n + j);
                double g = z.get(zr + 3 * n + j);
                double tc = act.get(prev + j);
                double cPrev = c.get(prev + j);
                double dzo = dOut * tc * o * (1 - o);
                double dCell = m * dc[s] + dOut * o * (1 - tc * tc);
                if (peepholes) {
                    dCell += dzo * woo[j];
                }
                double dzf = dCell * cPrev * f * (1 - f);
                double dzg = dCell * a * g * (1 - g);
                double dza = dCell * g * (1 - a * a);
                dc[s] = dCell * f;
                if (peepholes) {
                    dc[s] += dzf * wff[j] + dzg * wgg[j];
                    dPeep[j] += dzf * cPrev;
                    dPeep[n + j] += dzo * c.get(next + j);
                    dPeep[2 * n + j] += dzg * cPrev;
                }
                z.set(zr + j, dza);
                z.set(zr + n + j, dzf);
                z.set(zr + 2 * n + j, dzo);
                z.set(zr + 3 * n + j, dzg);
                db[j] += dza;
                db[n + j] += dzf;
                db[2 * n + j] += dzo;
                db[3 * n + j] += dzg;
            }
        }
    }

    /** Copies the outputs of all steps (slots 1..steps of {@code h}) to {@code out}, {@code [batch, n, steps]}. */
    private void writeOutputs(INDArray out) {
        int block = batch * n;
        boolean dl4jLayout = out.stride(0) == 1 && out.stride(1) == batch && out.stride(2) == block;
        if (scratch.type() == DataType.FLOAT && dl4jLayout) {
            // DL4J's layout ('f'): each step is one contiguous [n, batch] block, the transpose of a slot of h.
            float[] rows = new float[block];
            float[] columns = new float[block];
            NativeCells.F32 from = (NativeCells.F32) h;
            NativeCells.F32 to = (NativeCells.F32) NativeCells.of(out);
            for (int t = 0; t < steps; t++) {
                from.read((long) (t + 1) * block, rows, 0, block);
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < n; j++) {
                        columns[j * batch + b] = rows[b * n + j];
                    }
                }
                to.write((long) t * block, columns, 0, block);
            }
            return;
        }
        Scratch.fromTimeMajor(h, block, out);
    }

    /** A copy of the output (or the cell, when {@code cell}) after the last step of the last forward pass. */
    INDArray lastState(boolean cell) {
        return Scratch.copyOut(cell ? c : h, (long) steps * batch * n, scratch.type(), batch, n);
    }

    /**
     * Back-propagates {@code epsilon} through the last forward pass, which must have run with the same weights.
     * Overwrites the gradients (nothing is accumulated) and returns nothing: the gradient w.r.t. the input goes to
     * {@code epsOut}.
     *
     * @param epsilon gradient w.r.t. the outputs, {@code [batch, n, steps]}
     * @param dw      gradient of {@code w}, same shape
     * @param drw     gradient of {@code rw}, same shape
     * @param dbias   gradient of {@code bias}, same shape
     * @param epsOut  gradient w.r.t. the input, {@code [batch, nIn, steps]}
     */
    void backward(INDArray epsilon, INDArray w, INDArray rw, INDArray dw, INDArray drw, INDArray dbias,
                  INDArray epsOut) {
        if (steps == 0 || epsilon.size(0) != batch || epsilon.size(2) != steps) {
            throw new IllegalStateException("backward needs the forward pass of the same batch");
        }
        final int bs = batch;
        final int ts = steps;
        double[] woo = peepholes ? readColumn(rw, 4 * n + 1) : null;
        double[] wff = peepholes ? readColumn(rw, 4 * n) : null;
        double[] wgg = peepholes ? readColumn(rw, 4 * n + 2) : null;
        Strided3 eps = new Strided3(epsilon);
        Mat recurrentT = Mat.of(rw, 4 * n).transpose();
        Mat dhMat = Mat.rowMajor(dh, 0, bs, n);

        boolean vector = vectorised();
        boolean projectInSteps = projectsInSteps();
        // Accumulators: double for the scalar loop, padded float rows for the vector gates.
        int p = vector ? vectorGates.paddedUnits() : n;
        double[] db = vector ? null : new double[4 * n];
        double[] dPeep = peepholes && !vector ? new double[3 * n] : null;
        double[] dc = vector ? null : new double[bs * n];
        float[] dwF = projectInSteps ? new float[nIn * 4 * p] : null;
        float[] epsRows = vector ? new float[bs * p] : null;
        float[] dcF = vector ? new float[bs * p] : null;
        float[] dbF = vector ? new float[4 * p] : null;
        float[] dPeepF = vector && peepholes ? new float[3 * p] : null;
        if (vector) {
            vectorGates.begin(null, wff, woo, wgg, projectInSteps ? inputWeights(w) : null, nIn, bs);
        }
        for (int t = ts - 1; t >= 0; t--) {
            boolean fromNext = t < ts - 1;
            if (vector) {
                for (int b = 0; b < bs; b++) {
                    for (int j = 0; j < n; j++) {
                        epsRows[b * p + j] = (float) eps.get(b, j, t);
                    }
                }
                vectorGates.backStep((NativeCells.F32) z, (NativeCells.F32) c, (NativeCells.F32) act,
                        (NativeCells.F32) dh, t, bs, mask, epsRows, fromNext, dcF, dbF, dPeepF,
                        (NativeCells.F32) x, (NativeCells.F32) dx, dwF);
            } else {
                scalarBackStep(t, eps, fromNext, wff, woo, wgg, dc, db, dPeep);
            }
            if (t > 0) {
                dhMat.setProduct(1, zRows(t), recurrentT, 0);
            }
        }

        if (vector) {
            db = vectorGates.unpad(dbF, 4);
            dPeep = peepholes ? vectorGates.unpad(dPeepF, 3) : null;
        }
        int rows = ts * bs;
        Mat gates = Mat.rowMajor(z, 0, rows, 4 * n);
        Mat inputs = Mat.rowMajor(x, 0, rows, nIn);
        if (projectInSteps) {
            double[] dwRows = vectorGates.unpad(dwF, nIn * 4);
            NativeCells to = NativeCells.of(dw);
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < 4 * n; j++) {
                    to.set(k * dw.stride(0) + j * dw.stride(1), dwRows[k * 4 * n + j]);
                }
            }
        } else if (inPlaceInput != null) {
            NativeCells in = NativeCells.of(inPlaceInput);
            Mat dW = Mat.of(dw, 4 * n);
            for (int b = 0; b < bs; b++) {
                dW.setProduct(1, sequenceInputs(in, b).transpose(), sequenceGates(b), b == 0 ? 0 : 1);
            }
        } else {
            Mat.of(dw, 4 * n).setProduct(1, inputs.transpose(), gates, 0);
        }
        Mat.of(drw, 4 * n).setProduct(1, Mat.rowMajor(h, 0, rows, n).transpose(), gates, 0);
        writeRow(dbias, db);
        if (peepholes) {
            NativeCells to = NativeCells.of(drw);
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < n; j++) {
                    to.set(j * drw.stride(0) + (4L * n + k) * drw.stride(1), dPeep[k * n + j]);
                }
            }
        }
        if (inPlaceInput != null && rowMajorSequences(epsOut)) {
            NativeCells to = NativeCells.of(epsOut);
            Mat weightsT = Mat.of(w, 4 * n).transpose();
            for (int b = 0; b < bs; b++) {
                sequenceInputs(to, b).setProduct(1, sequenceGates(b), weightsT, 0);
            }
            return;
        }
        if (!projectInSteps) {
            Mat.rowMajor(dx, 0, rows, nIn).setProduct(1, gates, Mat.of(w, 4 * n).transpose(), 0);
        }
        Scratch.fromTimeMajor(dx, 0, epsOut);
    }

    /** Float gates on the Vector API (double precision always takes the scalar loop). */
    private boolean vectorised() {
        return vectorGates != null && scratch.type() == DataType.FLOAT;
    }

    /** With the vector gates and few inputs, each step projects its own inputs (no product over all steps). */
    /** Whether {@code array}, {@code [batch, nIn, steps]}, is dense in C order, so that each sequence is a matrix. */
    private static boolean rowMajorSequences(INDArray array) {
        return array.rank() == 3 && array.stride(2) == 1 && array.stride(1) == array.size(2)
                && array.stride(0) == array.size(1) * array.size(2);
    }

    /** Sequence {@code b} of a C-order {@code [batch, nIn, steps]} array as a {@code [steps x nIn]} matrix. */
    private Mat sequenceInputs(NativeCells cells, int b) {
        return new Mat(cells, (long) b * nIn * steps, nIn, steps, steps, false).transpose();
    }

    /** Sequence {@code b}'s rows of the gate scratch, {@code [steps x 4n]}: rows {@code t * batch + b}. */
    private Mat sequenceGates(int b) {
        return new Mat(z, (long) b * 4 * n, steps, 4 * n, batch * 4 * n, false);
    }

    private boolean projectsInSteps() {
        return vectorised() && nIn <= VectorGates.MAX_PROJECTED_INPUTS;
    }

    private Mat zRows(int t) {
        return Mat.rowMajor(z, (long) t * batch * 4 * n, batch, 4 * n);
    }

    /** Slot {@code t} of the outputs: h before step {@code t}. */
    private Mat hRows(int t) {
        return Mat.rowMajor(h, (long) t * batch * n, batch, n);
    }

    /** How many times scratch was allocated: once per precision and each time a larger batch arrives. */
    int reservations() {
        return scratch.reservations();
    }

    /** Frees the scratch now rather than when the garbage collector finds it. */
    void release() {
        scratch.release();
        steps = 0;
    }

    static double[] readMask(INDArray maskIn, int bs, int ts) {
        if (maskIn == null) {
            return null;
        }
        if (maskIn.rank() != 2 || maskIn.size(0) != bs || maskIn.size(1) != ts) {
            throw new IllegalArgumentException("mask must have shape [" + bs + ", " + ts + "], got "
                    + java.util.Arrays.toString(maskIn.shape()));
        }
        NativeCells cells = NativeCells.of(maskIn.dataType() == DataType.DOUBLE || maskIn.dataType()
                == DataType.FLOAT ? maskIn : maskIn.castTo(DataType.FLOAT));
        double[] m = new double[bs * ts];
        for (int t = 0; t < ts; t++) {
            for (int b = 0; b < bs; b++) {
                m[t * bs + b] = cells.get(b * maskIn.stride(0) + t * maskIn.stride(1));
            }
        }
        return m;
    }

    /** Input weights {@code [nIn, 4n]} (any layout) as row-major floats. */
    private float[] inputWeights(INDArray w) {
        NativeCells cells = NativeCells.of(w);
        float[] values = new float[nIn * 4 * n];
        for (int k = 0; k < nIn; k++) {
            for (int j = 0; j < 4 * n; j++) {
                values[k * 4 * n + j] = (float) cells.get(k * w.stride(0) + j * w.stride(1));
            }
        }
        return values;
    }

    /** The elements of a {@code [1, length]} (or {@code [length]}) vector. */
    static double[] readRow(INDArray vector, int length) {
        NativeCells cells = NativeCells.of(vector);
        long stride = vector.stride(vector.rank() - 1);
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = cells.get(i * stride);
        }
        return values;
    }

    static void writeRow(INDArray vector, double[] values) {
        NativeCells cells = NativeCells.of(vector);
        long stride = vector.stride(vector.rank() - 1);
        for (int i = 0; i < values.length; i++) {
            cells.set(i * stride, values[i]);
        }
    }

    private double[] readColumn(INDArray matrix, int column) {
        NativeCells cells = NativeCells.of(matrix);
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            values[j] = cells.get(j * matrix.stride(0) + column * matrix.stride(1));
        }
        return values;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * {@code Math.tanh} is a native call on Java 17; this is {@code 2 sigmoid(2v) - 1} on the {@code Math.exp}
     * intrinsic (absolute error about 1e-16, so relative error below 1e-9 for |v| > 1e-7).
     */
    static double tanh(double v) {
        return 2 / (1 + Math.exp(-2 * v)) - 1;
    }

    /** A rank-3 array's elements by index, whatever its strides. */
    static final class Strided3 {
        private final NativeCells cells;
        private final long s0;
        private final long s1;
        private final long s2;

        Strided3(INDArray array) {
            cells = NativeCells.of(array);
            s0 = array.stride(0);
            s1 = array.stride(1);
            s2 = array.stride(2);
        }

        double get(int i, int j, int k) {
            return cells.get(i * s0 + j * s1 + k * s2);
        }

        void set(int i, int j, int k, double value) {
            cells.set(i * s0 + j * s1 + k * s2, value);
        }
    }
}
