package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Cuts a stream into content-defined chunks, hashing each and the whole (SHA-256, and CRC-32C for downloads to check
 * against) as it goes, in bounded memory (a buffer of at most {@link FastCdc#MAX_SIZE}: the current chunk). Each
 * piece read is scanned for a boundary and hashed while it is still in the cache, and where the reads happen to end
 * never moves a boundary ({@link FastCdc.Scanner}).
 */
public final class Chunker {

    /** Receives each chunk's bytes as it is cut (valid only during the call). */
    public interface Sink {
        void chunk(ChunkRef chunk, long offset, byte[] data, int from) throws IOException;
    }

    private static final int FIRST_BUFFER = 64 * 1024;
    /**
     * The most read at once: a piece is copied in, scanned and hashed twice, so it should still be in the cache for
     * the last of those. (Filling a look-ahead of a whole maximum chunk before scanning cost chunking 35% on top of
     * hashing in JMH, where the Gear loop alone costs 14%.)
     */
    private static final int PIECE = 256 * 1024;

    private Chunker() {
    }

    /**
     * Chunks everything {@code in} holds, handing each chunk to {@code sink}; returns the manifest. The buffer grows
     * with the chunk being read, so a slow sender or a small file holds little memory.
     */
    public static Manifest chunk(InputStream in, Sink sink) throws IOException {
        MessageDigest whole = ContentHash.newDigest();
        CRC32C crc = new CRC32C();
        Cut cut = cut(in, sink, (bytes, off, len) -> {
            whole.update(bytes, off, len);
            crc.update(bytes, off, len);
        });
        return new Manifest(cut.chunks(), HexFormat.of().formatHex(whole.digest()), cut.size(),
                OptionalLong.of(crc.getValue()));
    }

    /**
     * As {@link #chunk}, taking the whole content's SHA-256 on the caller's word instead of a second pass over every
     * byte: for a file the caller hashed moments ago and whose stat has not changed since. The manifest is only a
     * claim then; whoever stores it must check it against the bytes (the server reads every version's content back
     * before it commits it, and refuses a claim they do not bear out).
     */
    public static Manifest chunk(InputStream in, Sink sink, String claimedContentHash) throws IOException {
        CRC32C crc = new CRC32C();
        Cut cut = cut(in, sink, crc::update);
        return new Manifest(cut.chunks(), ContentHash.parse(claimedContentHash), cut.size(),
                OptionalLong.of(crc.getValue()));
    }

    /**
     * As {@link #chunk}, hashing each chunk but not the whole: for a local copy whose chunks a download may reuse,
     * where the whole's hash is not needed and would cost a second SHA-256 pass over every byte.
     */
    public static void cut(InputStream in, Sink sink) throws IOException {
        cut(in, sink, (bytes, off, len) -> { });
    }

    /** What passes every byte of the stream, in order, besides the chunks' own hashes. */
    private interface Whole {
        void update(byte[] bytes, int off, int len);
    }

    private record Cut(List<ChunkRef> chunks, long size) {
    }

    private static Cut cut(InputStream in, Sink sink, Whole whole) throws IOException {
        byte[] buffer = new byte[FIRST_BUFFER];
        FastCdc.Scanner scanner = new FastCdc.Scanner();
        MessageDigest part = ContentHash.newDigest();
        List<ChunkRef> chunks = new ArrayList<>();
        long offset = 0; // of the current chunk, in the stream
        int filled = 0; // the current chunk's bytes so far, from buffer[0], all scanned and hashed
        while (true) {
            if (filled == buffer.length) { // below MAX_SIZE: the scanner cuts a chunk there at the latest
                buffer = Arrays.copyOf(buffer, Math.min(2 * buffer.length, FastCdc.MAX_SIZE));
            }
            int n = in.read(buffer, filled, Math.min(PIECE, buffer.length - filled));
            if (n < 0) {
                break;
            }
            int start = 0; // where the current chunk begins in the buffer
            int from = filled;
            filled += n;
            while (from < filled) { // one piece may end one chunk and begin the next
                int taken = scanner.feed(buffer, from, filled);
                int end = taken < 0 ? filled : from + taken;
                whole.update(buffer, from, end - from);
                part.update(buffer, from, end - from);
                if (taken < 0) {
                    break;
                }
                offset = emit(sink, chunks, part, offset, buffer, start, end);
                start = end;
                from = end;
            }
            if (start > 0) { // the next chunk's first bytes, at most one piece, move to the front
                System.arraycopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }
        if (filled > 0) {
            offset = emit(sink, chunks, part, offset, buffer, 0, filled);
        }
        return new Cut(chunks, offset);
    }

    private static long emit(Sink sink, List<ChunkRef> chunks, MessageDigest part, long offset, byte[] buffer,
                             int start, int end) throws IOException {
        ChunkRef chunk = new ChunkRef(HexFormat.of().formatHex(part.digest()), end - start);
        sink.chunk(chunk, offset, buffer, start);
        chunks.add(chunk);
        return offset + chunk.size();
    }

    /** The manifest alone, for content whose bytes are not needed here. */
    public static Manifest manifest(InputStream in) throws IOException {
        return chunk(in, (chunk, offset, data, from) -> { });
    }
}
