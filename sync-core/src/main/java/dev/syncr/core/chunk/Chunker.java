package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts a stream into content-defined chunks, hashing each and the whole as it goes, in bounded memory (at most one
 * {@link FastCdc#MAX_SIZE} buffer). Where the stream's reads happen to end never moves a boundary: a cut is only
 * decided with {@link FastCdc#MAX_SIZE} bytes in hand, or at the end of the stream.
 */
public final class Chunker {

    /** Receives each chunk's bytes as it is cut (valid only during the call). */
    public interface Sink {
        void chunk(ChunkRef chunk, long offset, byte[] data, int from) throws IOException;
    }

    private static final int FIRST_BUFFER = 64 * 1024;

    private Chunker() {
    }

    /**
     * Chunks everything {@code in} holds, handing each chunk to {@code sink}; returns the manifest. The buffer grows
     * with what has arrived (up to one maximum chunk), so a slow sender holds little memory.
     */
    public static Manifest chunk(InputStream in, Sink sink) throws IOException {
        byte[] buffer = new byte[FIRST_BUFFER];
        MessageDigest whole = ContentHash.newDigest();
        MessageDigest part = ContentHash.newDigest();
        List<ChunkRef> chunks = new ArrayList<>();
        long offset = 0;
        int filled = 0;
        boolean ended = false;
        while (true) {
            // a cut is decided only with a maximum chunk in hand, or at the end
            while (!ended && filled < FastCdc.MAX_SIZE) {
                if (filled == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(FastCdc.MAX_SIZE, buffer.length * 2));
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    ended = true;
                } else {
                    filled += n;
                }
            }
            if (filled == 0) {
                break;
            }
            int length = FastCdc.cut(buffer, 0, filled);
            whole.update(buffer, 0, length);
            part.update(buffer, 0, length);
            ChunkRef chunk = new ChunkRef(HexFormat.of().formatHex(part.digest()), length);
            sink.chunk(chunk, offset, buffer, 0);
            chunks.add(chunk);
            offset += length;
            System.arraycopy(buffer, length, buffer, 0, filled - length);
            filled -= length;
        }
        return new Manifest(chunks, HexFormat.of().formatHex(whole.digest()), offset);
    }

    /** The manifest alone, for content whose bytes are not needed here. */
    public static Manifest manifest(InputStream in) throws IOException {
        return chunk(in, (chunk, offset, data, from) -> { });
    }
}
