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
     * Finds the boundaries of one stream, fed its bytes in pieces of any size: the hash and the position within the
     * current chunk carry over from one piece to the next, so where the pieces end never moves a boundary.
     */
    public static final class Scanner {

        private long hash;
        private int position; // bytes of the current chunk fed so far

        /**
         * Feeds {@code data[from, to)}, the current chunk's next bytes. Returns how many of them complete the chunk
         * (the next chunk starts right after them, with a fresh scan), or -1 when the chunk goes on past them. A chunk
         * never reaches past {@link #MAX_SIZE}; at the end of the stream, whatever was fed since the last boundary is
         * the last chunk.
         */
        public int feed(byte[] data, int from, int to) {
            int start = position;
            int stop = start + Math.min(to - from, MAX_SIZE - start); // no chunk looks further (nor overflows)
            int base = from - start; // where position 0 of this chunk is (or would be) in data
            long h = hash;
            int p = Math.max(start, MIN_SIZE);
            for (int normal = Math.min(stop, AVERAGE_SIZE); p < normal; p++) {
                h = (h << 1) + GEAR[data[base + p] & 0xff];
                if ((h & MASK_SMALL) == 0) {
                    return cutAfter(p, start);
                }
            }
            for (; p < stop; p++) {
                h = (h << 1) + GEAR[data[base + p] & 0xff];
                if ((h & MASK_LARGE) == 0) {
                    return cutAfter(p, start);
                }
            }
            if (stop == MAX_SIZE) {
                return cutAfter(MAX_SIZE - 1, start);
            }
            hash = h;
            position = stop;
            return -1;
        }

        private int cutAfter(int p, int start) {
            hash = 0;
            position = 0;
            return p + 1 - start;
        }
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
