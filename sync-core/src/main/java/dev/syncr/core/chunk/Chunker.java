package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts a stream into content-defined chunks, hashing each and the whole as it goes, in bounded memory (one
 * {@link FastCdc#MAX_SIZE} buffer). Where the stream's reads happen to end never moves a boundary: a cut is only
 * decided with {@link FastCdc#MAX_SIZE} bytes in hand, or at the end of the stream.
 */
public final class Chunker {

    /** Receives each chunk's bytes as it is cut (valid only during the call). */
    public interface Sink {
        void chunk(ChunkRef chunk, long offset, byte[] data, int from) throws IOException;
    }

    private Chunker() {
    }

    /** Chunks everything {@code in} holds, handing each chunk to {@code sink}; returns the manifest. */
    public static Manifest chunk(InputStream in, Sink sink) throws IOException {
        byte[] buffer = new byte[FastCdc.MAX_SIZE];
        MessageDigest whole = ContentHash.newDigest();
        MessageDigest part = ContentHash.newDigest();
        List<ChunkRef> chunks = new ArrayList<>();
        long offset = 0;
        int filled = in.readNBytes(buffer, 0, buffer.length);
        int start = 0;
        while (filled - start > 0) {
            int available = filled - start;
            int length = FastCdc.cut(buffer, start, available);
            whole.update(buffer, start, length);
            part.update(buffer, start, length);
            ChunkRef chunk = new ChunkRef(HexFormat.of().formatHex(part.digest()), length);
            sink.chunk(chunk, offset, buffer, start);
            chunks.add(chunk);
            offset += length;
            start += length;
            if (filled == buffer.length && filled - start < FastCdc.MAX_SIZE) {
                // keep a full window ahead of the next cut: move the rest to the front and read more
                System.arraycopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                start = 0;
                filled += in.readNBytes(buffer, filled, buffer.length - filled);
            }
        }
        return new Manifest(chunks, HexFormat.of().formatHex(whole.digest()), offset);
    }

    /** The manifest alone, for content whose bytes are not needed here. */
    public static Manifest manifest(InputStream in) throws IOException {
        return chunk(in, (chunk, offset, data, from) -> { });
    }
}
