package io.carousel.toolkit.nn;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise half of each step in float precision, forward and backward, {@link #SPECIES} lanes at a time
 * (8 by default), through Java's incubating Vector API: the gate non-linearities cost about a
 * fifteenth of scalar {@code Math.exp}. Same formulas as {@link LstmKernel}'s scalar loops; results agree to float
 * rounding.
 *
 * <p>Deterministic: only operations that IEEE arithmetic defines exactly (add, mul, fma, div, bit moves) are used, so
 * the results do not depend on whether the JIT has compiled this code yet (the Vector API's own {@code EXP} and
 * {@code reduceLanes} round differently when compiled and when interpreted, which made parallel trials differ from
 * the same trials run alone).
 *
 * <p>Rows are padded to a whole number of vectors in the Java-side arrays ({@code p} units per gate, the padding
 * zero or harmless and never copied back), so that every vector operation is unmasked: on Java 17 masked loads and
 * stores are not compiled to vector instructions, and one masked operation makes the JIT box every vector around it.
 * When the unit count is a multiple of the lane count (16, 32, 128, ...) there is no padding and each step moves its
 * rows with one native copy each way.
 *
 * <p>Load this class only when {@link VectorSupport#enabled()}: without {@code --add-modules jdk.incubator.vector}
 * the JVM cannot link it.
 */
final class VectorGates {

    /** The system property that sets the vectors' width in bits (128, 256 or 512; at most the processor's). */
    static final String BITS_PROPERTY = "carousel.vectorBits";
    /**
     * The vectors: 256 bits (8 floats) unless {@link #BITS_PROPERTY} says otherwise. Rows are padded to whole vectors,
     * so 512-bit vectors waste half their lanes on the 8-unit layers of the paper's long-lag rows; on this project's
     * AMD EPYC (which runs a 512-bit operation as two 256-bit halves) 256 bits trained an 8-unit, 1,000-step row 1.27x
     * faster and a 32-unit one at the same speed, with bit-identical results (each lane computes the same
     * operations whatever the width). Processors with full 512-bit units may do better with 512 on wide layers.
     */
    static final VectorSpecies<Float> SPECIES = species(Integer.getInteger(BITS_PROPERTY, 256));
    private static final VectorSpecies<Float> S = SPECIES;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    /** Up to this many inputs, each step projects its own inputs instead of one product over all steps. */
    static final int MAX_PROJECTED_INPUTS = 16;

    private final int n;
    /** Units per gate in the Java-side arrays: {@code n} rounded up to whole vectors. */
    private final int p;
    private final boolean peepholes;
    private float[] gates = new float[0];
    private float[] cellsBefore = new float[0];
    private float[] cellsAfter = new float[0];
    private float[] outputs = new float[0];
    private float[] cellTanh = new float[0];
    private float[] inputs = new float[0];
    private float[] inputGrads = new float[0];
    private final float[] lanes = new float[S.length()];
    /** Input weights {@code [nIn][4][p]} when the steps project their own inputs (small nIn); else null. */
    private float[] wx;
    private int nIn;
    private float[] bias;
    private float[] wff;
    private float[] woo;
    private float[] wgg;

    VectorGates(int units, boolean peepholes) {
        this.n = units;
        this.p = (units + S.length() - 1) / S.length() * S.length();
        this.peepholes = peepholes;
    }

    /** Units per gate in the padded arrays that {@link #backStep} takes ({@code eps}, {@code dc}, ...). */
    int paddedUnits() {
        return p;
    }

    /**
     * Takes this pass's bias {@code [4n]} (null for the backward pass, which does not read it), peephole weights
     * {@code [n]} (null without peepholes) and, when the steps should project their own inputs, the input weights
     * {@code [nIn][4n]} row-major (null when the caller has done that with one product over all steps).
     */
    void begin(double[] bias4, double[] wff, double[] woo, double[] wgg, float[] wxRows, int nIn, int batch) {
        this.nIn = nIn;
        this.wx = wxRows == null ? null : pad(wxRows, nIn * 4);
        this.bias = bias4 == null ? null : pad(floats(bias4), 4);
        this.wff = wff == null ? null : pad(floats(wff), 1);
        this.woo = woo == null ? null : pad(floats(woo), 1);
        this.wgg = wgg == null ? null : pad(floats(wgg), 1);
        if (wxRows != null && inputs.length < batch * nIn) {
            inputs = new float[batch * nIn];
            inputGrads = new float[batch * nIn];
        }
        if (outputs.length < batch * p) {
            gates = new float[batch * 4 * p];
            cellsBefore = new float[batch * p];
            cellsAfter = new float[batch * p];
            outputs = new float[batch * p];
            cellTanh = new float[batch * p];
        }
    }

    /**
     * Forward step {@code t}: takes the pre-activations of all rows from {@code z} (or, when projecting, computes
     * them from {@code recurrent}, the step's {@code h * RW} or null for zeros, plus the step's inputs from
     * {@code x}) and the previous cells from {@code c} (slot {@code t}); writes the activations to {@code z}, the new
     * cells and outputs to slot {@code t + 1} of {@code c} and {@code h}, and tanh of the cells to {@code act}.
     */
    void step(NativeCells.F32 recurrent, NativeCells.F32 x, NativeCells.F32 z, NativeCells.F32 c,
              NativeCells.F32 h, NativeCells.F32 act, int t, int batch, double[] mask) {
        long zFrom = (long) t * batch * 4 * n;
        long prev = (long) t * batch * n;
        long next = prev + (long) batch * n;
        if (wx == null) {
            read(z, zFrom, gates, batch * 4);
        } else {
            if (recurrent == null) {
                Arrays.fill(gates, 0, batch * 4 * p, 0f);
            } else {
                read(recurrent, 0, gates, batch * 4);
            }
            x.read((long) t * batch * nIn, inputs, 0, batch * nIn);
        }
        read(c, prev, cellsBefore, batch);
        for (int b = 0; b < batch; b++) {
            if (wx != null) {
                project(b);
            }
            row(b, mask == null ? 1f : (float) mask[t * batch + b]);
        }
        write(gates, z, zFrom, batch * 4);
        write(cellsAfter, c, next, batch);
        write(outputs, h, next, batch);
        write(cellTanh, act, prev, batch);
    }

    /** Adds row {@code b}'s input projection {@code x[b] * W} to its pre-activations. */
    private void project(int b) {
        int zr = b * 4 * p;
        for (int k = 0; k < nIn; k++) {
            FloatVector xk = FloatVector.broadcast(S, inputs[b * nIn + k]);
            int wr = k * 4 * p;
            for (int j = 0; j < 4 * p; j += S.length()) {
                FloatVector.fromArray(S, wx, wr + j).fma(xk, FloatVector.fromArray(S, gates, zr + j))
                        .intoArray(gates, zr + j);
            }
        }
    }

    private void row(int b, float m) {
        int zr = b * 4 * p;
        int sr = b * p;
        for (int j = 0; j < p; j += S.length()) {
            FloatVector cPrev = FloatVector.fromArray(S, cellsBefore, sr + j);
            FloatVector zf = preActivation(zr, 1, j);
            FloatVector zg = preActivation(zr, 3, j);
            if (peepholes) {
                zf = cPrev.fma(FloatVector.fromArray(S, wff, j), zf);
                zg = cPrev.fma(FloatVector.fromArray(S, wgg, j), zg);
            }
            FloatVector a = tanh(preActivation(zr, 0, j));
            FloatVector f = sigmoid(zf);
            FloatVector g = sigmoid(zg);
            FloatVector cell = f.mul(cPrev).add(g.mul(a));
            FloatVector zo = preActivation(zr, 2, j);
            if (peepholes) {
                zo = cell.fma(FloatVector.fromArray(S, woo, j), zo);
            }
            FloatVector o = sigmoid(zo);
            FloatVector tc = tanh(cell);
            a.intoArray(gates, zr + j);
            f.intoArray(gates, zr + p + j);
            o.intoArray(gates, zr + 2 * p + j);
            g.intoArray(gates, zr + 3 * p + j);
            tc.intoArray(cellTanh, sr + j);
            cell.mul(m).intoArray(cellsAfter, sr + j);
            o.mul(tc).mul(m).intoArray(outputs, sr + j);
        }
    }

    /** Gate {@code gate}'s pre-activation plus bias, lanes {@code j..}. */
    private FloatVector preActivation(int zr, int gate, int j) {
        return FloatVector.fromArray(S, gates, zr + gate * p + j).add(FloatVector.fromArray(S, bias, gate * p + j));
    }

    /**
     * Backward step {@code t} (the gradient of {@link #step}): reads the step's activations from {@code z}, the
     * gradient w.r.t. the outputs ({@code eps}, padded rows, plus {@code dh} from the step after when
     * {@code fromNext}) and the cell gradient {@code dc} (padded) carried from the step after; writes the
     * pre-activation gradients back to {@code z}, the cell gradient for the step before to {@code dc}, and adds to
     * {@code db} ({@code [4][p]}) and, with peepholes, {@code dPeep} ({@code [3][p]}: wFF, wOO, wGG). When projecting
     * inputs, also adds to {@code dW} ({@code [nIn][4][p]}) and writes the input gradients to {@code dx}.
     */
    void backStep(NativeCells.F32 z, NativeCells.F32 c, NativeCells.F32 act, NativeCells.F32 dh, int t, int batch,
                  double[] mask, float[] eps, boolean fromNext, float[] dc, float[] db, float[] dPeep,
                  NativeCells.F32 x, NativeCells.F32 dx, float[] dW) {
        long zFrom = (long) t * batch * 4 * n;
        long prev = (long) t * batch * n;
        long next = prev + (long) batch * n;
        read(z, zFrom, gates, batch * 4);
        read(act, prev, cellTanh, batch);
        read(c, prev, cellsBefore, batch);
        if (peepholes) {
            read(c, next, cellsAfter, batch);
        }
        if (fromNext) {
            read(dh, 0, outputs, batch);
        }
        if (wx != null) {
            x.read((long) t * batch * nIn, inputs, 0, batch * nIn);
        }
        for (int b = 0; b < batch; b++) {
            float m = mask == null ? 1f : (float) mask[t * batch + b];
            if (m == 0) {
                // A masked step's outputs are constants: nothing flows through it.
                Arrays.fill(gates, b * 4 * p, (b + 1) * 4 * p, 0f);
                Arrays.fill(dc, b * p, (b + 1) * p, 0f);
            } else {
                backRow(b, m, eps, fromNext, dc, db, dPeep);
            }
            if (wx != null) {
                inputGradients(b, dW);
            }
        }
        write(gates, z, zFrom, batch * 4);
        if (wx != null) {
            dx.write((long) t * batch * nIn, inputGrads, 0, batch * nIn);
        }
    }

    // The backward row is split in two so that each part stays small enough for the JIT's first tier (one method
    // with every vector of the step ran out of registers there and never reached the optimising compiler).
    private void backRow(int b, float m, float[] eps, boolean fromNext, float[] dc, float[] db, float[] dPeep) {
        int zr = b * 4 * p;
        int sr = b * p;
        for (int j = 0; j < p; j += S.length()) {
            FloatVector dCell = backOutputGate(zr, sr, j, m, eps, fromNext, dc, db, dPeep);
            backCellGates(zr, sr, j, dCell, dc, db, dPeep);
        }
    }

    /** The output gate's gradient (stored), and the gradient w.r.t. the cell before masking (returned). */
    private FloatVector backOutputGate(int zr, int sr, int j, float m, float[] eps, boolean fromNext, float[] dc,
                                       float[] db, float[] dPeep) {
        FloatVector dOut = FloatVector.fromArray(S, eps, sr + j);
        if (fromNext) {
            dOut = dOut.add(FloatVector.fromArray(S, outputs, sr + j));
        }
        dOut = dOut.mul(m);
        FloatVector o = FloatVector.fromArray(S, gates, zr + 2 * p + j);
        FloatVector tc = FloatVector.fromArray(S, cellTanh, sr + j);
        FloatVector dzo = dOut.mul(tc).mul(o).mul(ONE.sub(o));
        FloatVector dCell = FloatVector.fromArray(S, dc, sr + j).mul(m).add(dOut.mul(o).mul(ONE.sub(tc.mul(tc))));
        if (peepholes) {
            dCell = dzo.fma(FloatVector.fromArray(S, woo, j), dCell);
            accumulate(dPeep, p + j, dzo.mul(FloatVector.fromArray(S, cellsAfter, sr + j)));
        }
        dzo.intoArray(gates, zr + 2 * p + j);
        accumulate(db, 2 * p + j, dzo);
        return dCell;
    }

    /** The gradients of the block input, forget and input gates, and of the cell before this step. */
    private void backCellGates(int zr, int sr, int j, FloatVector dCell, float[] dc, float[] db, float[] dPeep) {
        FloatVector a = FloatVector.fromArray(S, gates, zr + j);
        FloatVector f = FloatVector.fromArray(S, gates, zr + p + j);
        FloatVector g = FloatVector.fromArray(S, gates, zr + 3 * p + j);
        FloatVector cPrev = FloatVector.fromArray(S, cellsBefore, sr + j);
        FloatVector dzf = dCell.mul(cPrev).mul(f).mul(ONE.sub(f));
        FloatVector dzg = dCell.mul(a).mul(g).mul(ONE.sub(g));
        FloatVector dza = dCell.mul(g).mul(ONE.sub(a.mul(a)));
        FloatVector dcBefore = dCell.mul(f);
        if (peepholes) {
            dcBefore = dzf.fma(FloatVector.fromArray(S, wff, j), dcBefore);
            dcBefore = dzg.fma(FloatVector.fromArray(S, wgg, j), dcBefore);
            accumulate(dPeep, j, dzf.mul(cPrev));
            accumulate(dPeep, 2 * p + j, dzg.mul(cPrev));
        }
        dcBefore.intoArray(dc, sr + j);
        dza.intoArray(gates, zr + j);
        dzf.intoArray(gates, zr + p + j);
        dzg.intoArray(gates, zr + 3 * p + j);
        accumulate(db, j, dza);
        accumulate(db, p + j, dzf);
        accumulate(db, 3 * p + j, dzg);
    }

    /**
     * With the input projection done here: adds row {@code b}'s share of the input-weight gradient to {@code dW}
     * ({@code x[b]^T dZ[b]}) and computes its input gradient {@code dZ[b] W^T}.
     */
    private void inputGradients(int b, float[] dW) {
        int zr = b * 4 * p;
        for (int k = 0; k < nIn; k++) {
            FloatVector xk = FloatVector.broadcast(S, inputs[b * nIn + k]);
            FloatVector dot = FloatVector.zero(S);
            int wr = k * 4 * p;
            for (int j = 0; j < 4 * p; j += S.length()) {
                FloatVector dz = FloatVector.fromArray(S, gates, zr + j);
                dz.fma(xk, FloatVector.fromArray(S, dW, wr + j)).intoArray(dW, wr + j);
                dot = dz.fma(FloatVector.fromArray(S, wx, wr + j), dot);
            }
            inputGrads[b * nIn + k] = sumLanes(dot);
        }
    }

    /** The lanes' sum, added in lane order (reduceLanes leaves the order open). */
    private float sumLanes(FloatVector v) {
        v.intoArray(lanes, 0);
        float sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    private static void accumulate(float[] sums, int at, FloatVector values) {
        FloatVector.fromArray(S, sums, at).add(values).intoArray(sums, at);
    }

    private static FloatVector sigmoid(FloatVector v) {
        return ONE.div(exp(v.neg()).add(1f));
    }

    /**
     * {@code e^v} in float (relative error about 2e-7): {@code v = k ln 2 + r} with {@code |r| <= ln 2 / 2}, a
     * degree-6 polynomial for {@code e^r} and {@code 2^k} built in the exponent bits. {@code k} is rounded by adding
     * 1.5 * 2^23, which leaves it in the low mantissa bits.
     */
    static FloatVector exp(FloatVector v) {
        FloatVector x = v.max(-87.3f).min(88.7f);
        FloatVector shifted = x.fma(LOG2E, ROUNDER);
        FloatVector k = shifted.sub(ROUNDER);
        FloatVector r = k.fma(MINUS_LN2_HI, x);
        r = k.fma(MINUS_LN2_LO, r);
        FloatVector poly = C6.fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, ONE).fma(r, ONE);
        IntVector twoToK = ((IntVector) shifted.reinterpretAsInts()).sub(0x4B400000 - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return poly.mul(twoToK.reinterpretAsFloats());
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504f);
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, 12582912f);
    private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -0.693145752f);
    private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, -1.42860677e-6f);
    private static final FloatVector C6 = FloatVector.broadcast(S, 1.3888889e-3f);
    private static final FloatVector C5 = FloatVector.broadcast(S, 8.3333333e-3f);
    private static final FloatVector C4 = FloatVector.broadcast(S, 4.1666668e-2f);
    private static final FloatVector C3 = FloatVector.broadcast(S, 1.6666667e-1f);
    private static final FloatVector C2 = FloatVector.broadcast(S, 0.5f);

    private static FloatVector tanh(FloatVector v) {
        // 2 sigmoid(2v) - 1, the same formula as the scalar path
        return sigmoid(v.mul(2f)).mul(2f).sub(1f);
    }

    /** {@code rows} rows of {@code n} from {@code from}, into rows of {@code p}. */
    private void read(NativeCells.F32 cells, long from, float[] to, int rows) {
        if (p == n) {
            cells.read(from, to, 0, rows * n);
            return;
        }
        for (int r = 0; r < rows; r++) {
            cells.read(from + (long) r * n, to, r * p, n);
        }
    }

    /** {@code rows} rows of {@code p} (the first {@code n} of each) to {@code at}, as rows of {@code n}. */
    private void write(float[] from, NativeCells.F32 cells, long at, int rows) {
        if (p == n) {
            cells.write(at, from, 0, rows * n);
            return;
        }
        for (int r = 0; r < rows; r++) {
            cells.write(at + (long) r * n, from, r * p, n);
        }
    }

    /** {@code rows} rows of {@code n} as rows of {@code p}, zero-padded. */
    float[] pad(float[] values, int rows) {
        float[] padded = new float[rows * p];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * n, padded, r * p, n);
        }
        return padded;
    }

    /** {@code rows} rows of {@code p} back to rows of {@code n}. */
    double[] unpad(float[] padded, int rows) {
        double[] values = new double[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                values[r * n + j] = padded[r * p + j];
            }
        }
        return values;
    }

    /** Vectors of {@code bits} (rounded down to 128, 256 or 512), or the processor's preferred ones if narrower. */
    static VectorSpecies<Float> species(int bits) {
        int width = bits >= 512 ? 512 : bits >= 256 ? 256 : 128;
        return width >= FloatVector.SPECIES_PREFERRED.vectorBitSize() ? FloatVector.SPECIES_PREFERRED
                : VectorSpecies.of(float.class, VectorShape.forBitSize(width));
    }

    /** The lane width, e.g. {@code 8 floats (256-bit)}. */
    static String describe() {
        return S.length() + " floats (" + S.vectorBitSize() + "-bit)";
    }

    private static float[] floats(double[] values) {
        if (values == null) {
            return null;
        }
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
