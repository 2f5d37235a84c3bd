package io.carousel.toolkit.train;

/**
 * Independent seeds derived from one experiment seed: weights, training batches, validation and test data never
 * share a random stream, and batch {@code i} of training is a pure function of (seed, i).
 */
public final class Seeds {

    public static final long TRAIN = 0x7472_6169_6eL;
    public static final long VALIDATION = 0x7661_6c69_64L;
    public static final long TEST = 0x7465_7374L;
    /** Chunks of one evaluation set. */
    public static final long CHUNKS = 0x6368_756eL;
    /** The stopping rule's own checks of the network (experiment 3's test sets of 256). */
    public static final long CHECK = 0x6368_6563_6bL;
    /** Dropout's random draws in training iteration {@code i}, so that a resumed run draws the same. */
    public static final long DROPOUT = 0x6472_6f70L;

    private Seeds() {
    }

    /** The seed of item {@code index} of {@code stream} under {@code seed} (SplitMix64 finaliser over the three). */
    public static long derive(long seed, long stream, long index) {
        return mix(mix(seed ^ mix(stream)) + index * 0x9E37_79B9_7F4A_7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
