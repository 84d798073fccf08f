package dev.syncr.core.chunk;

import dev.syncr.core.BlobStore;
import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A chunked version's bytes as one stream, opening each chunk only when the previous one is used up, so memory stays
 * one read buffer whatever the size. A range starts inside the chunk that holds its first byte.
 */
public final class ChunkedContent extends InputStream {

    private final BlobStore blobs;
    private final List<ChunkRef> chunks;
    private int next;
    private long skipInNext;
    private long remaining;
    private InputStream current;

    ChunkedContent(BlobStore blobs, Manifest manifest, long offset, long length) {
        this.blobs = blobs;
        this.chunks = manifest.chunks();
        long start = Math.min(Math.max(0, offset), manifest.size());
        this.remaining = length < 0 ? manifest.size() - start : Math.min(length, manifest.size() - start);
        long position = 0;
        while (next < chunks.size() && position + chunks.get(next).size() <= start) {
            position += chunks.get(next).size();
            next++;
        }
        this.skipInNext = start - position;
    }

    public static InputStream open(BlobStore blobs, Manifest manifest, long offset, long length) {
        return new ChunkedContent(blobs, manifest, offset, length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (remaining > 0) {
            if (current == null) {
                if (next >= chunks.size()) {
                    throw new IOException("manifest ended before its size: a chunk is missing");
                }
                ChunkRef chunk = chunks.get(next++);
                current = blobs.open(ContentHash.storageKey(chunk.hash()), skipInNext, chunk.size() - skipInNext);
                skipInNext = 0;
            }
            int n = current.read(buffer, off, (int) Math.min(len, remaining));
            if (n < 0) {
                current.close();
                current = null;
                continue;
            }
            remaining -= n;
            return n;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
