package dev.syncr.core.chunk;

/**
 * Content-defined chunking: FastCDC (Xia et al., USENIX ATC 2016) with its Gear rolling hash and normalized chunking.
 * A boundary depends only on the bytes just before it, so an insert or delete moves the boundaries near the edit and
 * no others: the chunks after it are the same chunks, shifted, and need not be sent or stored again.
 *
 * <p>Normalized chunking: before the average size a boundary needs {@code AVERAGE_BITS + 2} zero bits (rare), after
 * it {@code AVERAGE_BITS - 2} (common), which pulls chunk sizes toward the average. Never shorter than
 * {@link #MIN_SIZE} (except the last chunk), never longer than {@link #MAX_SIZE}.
 *
 * <p>The Gear table and masks are part of the format: changing them moves every boundary of every stored file, so
 * golden tests pin them.
 */
public final class FastCdc {

    public static final int MIN_SIZE = 256 * 1024;
    public static final int AVERAGE_SIZE = 1024 * 1024;
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    private static final int AVERAGE_BITS = 20;
    /**
     * The hash shifts left once per byte, so its high bits mix the most bytes (bit k sees the last k + 1); the masks
     * take the top bits: 22 of them see a window of at least 42 bytes.
     */
    private static final long MASK_SMALL = topBits(AVERAGE_BITS + 2);
    private static final long MASK_LARGE = topBits(AVERAGE_BITS - 2);
    static final long[] GEAR = gear();

    private FastCdc() {
    }

    /**
     * The length of the chunk that starts at {@code offset}, given {@code available} bytes from there; if fewer than
     * {@link #MAX_SIZE} bytes are available, the caller must be at the end of the content (the rest is one chunk when
     * no boundary is found).
     */
    public static int cut(byte[] data, int offset, int available) {
        if (available <= MIN_SIZE) {
            return available;
        }
        int end = Math.min(available, MAX_SIZE);
        int normal = Math.min(end, AVERAGE_SIZE);
        long hash = 0;
        int i = MIN_SIZE;
        for (; i < normal; i++) {
            hash = (hash << 1) + GEAR[data[offset + i] & 0xff];
            if ((hash & MASK_SMALL) == 0) {
                return i + 1;
            }
        }
        for (; i < end; i++) {
            hash = (hash << 1) + GEAR[data[offset + i] & 0xff];
            if ((hash & MASK_LARGE) == 0) {
                return i + 1;
            }
        }
        return end;
    }

    private static long topBits(int n) {
        return -1L << (64 - n);
    }

    /** 256 pseudo-random words from SplitMix64 with a fixed seed: reproducible anywhere, never to be changed. */
    private static long[] gear() {
        long[] table = new long[256];
        long state = 0x5EED_5CA1_AB1E_C0DEL;
        for (int i = 0; i < table.length; i++) {
            state += 0x9E37_79B9_7F4A_7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            table[i] = z ^ (z >>> 31);
        }
        return table;
    }
}
