package dev.syncr.core.chunk;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * A new file's whole-content hash (and CRC-32C) taken while its chunks arrive, so its commit need not read every
 * chunk back: each chunk of the upload says where in the content it goes, and is fed to the hash once every chunk
 * before it has been. One that arrives early (the client sends on several streams) waits by name only and is read
 * back when its turn comes. The commit then takes what was fed if, and only if, the hashes fed are its manifest's
 * first chunks in order (checked by a fingerprint of those hashes), and reads back the rest.
 * <p>
 * Whatever an upload claims, the hash covers only bytes the server itself checked against their chunk's name, in the
 * order fed, and serves only a manifest that lists exactly those chunks first: a false position costs the uploader
 * a full read-back, never a wrong hash. Losing one (evicted, too far out of order, a chunk unreadable) costs the same.
 */
public final class RunningHash {

    /** Early chunks remembered at most; an upload further out of order than this is read back at its commit. */
    static final int MAX_AHEAD = 256;

    /** Reads a stored chunk's bytes again. */
    public interface Reader {
        InputStream open(ChunkRef chunk) throws IOException;
    }

    /** The hashes over a manifest's first {@code chunks} chunks; none when nothing fed is of use. */
    public record Prefix(MessageDigest sha, CRC32C crc, int chunks) {
        public static Prefix none() {
            return new Prefix(ContentHash.newDigest(), new CRC32C(), 0);
        }
    }

    // a lock, not synchronized: a virtual thread waiting on a monitor holds its carrier on Java 21
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    // the hashes: touched only by the thread that holds the feeding turn (see feeding)
    private final MessageDigest sha = ContentHash.newDigest();
    private final CRC32C crc = new CRC32C();
    /** Of the hashes of the chunks fed, in order: what the commit's manifest must begin with. */
    private final MessageDigest fingerprint = ContentHash.newDigest();
    // under the lock
    private final TreeMap<Long, ChunkRef> ahead = new TreeMap<>();
    private long next;
    private int fed;
    /** A thread is feeding: chunks arriving meanwhile only join {@link #ahead}, they never wait for it. */
    private boolean feeding;
    /** Given up (too far out of order, a chunk unreadable) or taken by a commit: nothing more is fed. */
    private boolean closed;

    /**
     * A chunk the server has just checked and stored, at {@code offset} of the content; its bytes are at hand. The
     * thread whose chunk is next feeds it, and then every early chunk whose turn has come (reading each back); any
     * other only leaves its chunk's name and place, so no upload stream waits for another's hashing.
     */
    public void arrived(long offset, ChunkRef chunk, byte[] bytes, int from, Reader reader) {
        lock.lock();
        try {
            if (closed || offset < next || ahead.containsKey(offset)) {
                return; // given up, or a chunk sent again
            }
            if (feeding || offset > next) {
                if (ahead.size() < MAX_AHEAD) {
                    ahead.put(offset, chunk);
                } else {
                    closed = true;
                }
                return;
            }
            feeding = true;
        } finally {
            lock.unlock();
        }
        feedFrom(chunk, bytes, from, reader);
    }

    /** Holding the feeding turn: feeds {@code chunk}, then each early chunk that is next, until none is. */
    private void feedFrom(ChunkRef chunk, byte[] bytes, int from, Reader reader) {
        byte[] buffer = null;
        while (true) {
            sha.update(bytes, from, chunk.size());
            crc.update(bytes, from, chunk.size());
            fingerprint.update(chunk.hash().getBytes(StandardCharsets.US_ASCII));
            lock.lock();
            try {
                next += chunk.size();
                fed++;
                while (!ahead.isEmpty() && ahead.firstKey() < next) {
                    ahead.pollFirstEntry(); // a second claim on a place already fed
                }
                if (closed || ahead.isEmpty() || ahead.firstKey() != next) {
                    feeding = false;
                    idle.signalAll();
                    return;
                }
                chunk = ahead.pollFirstEntry().getValue();
            } finally {
                lock.unlock();
            }
            if (buffer == null || buffer.length < chunk.size()) {
                buffer = new byte[chunk.size()];
            }
            if (!readBack(reader, chunk, buffer)) {
                lock.lock();
                try {
                    closed = true; // the commit reads back what it needs, and reports what is missing
                    feeding = false;
                    idle.signalAll();
                    return;
                } finally {
                    lock.unlock();
                }
            }
            bytes = buffer;
            from = 0;
        }
    }

    private static boolean readBack(Reader reader, ChunkRef chunk, byte[] into) {
        try (InputStream in = reader.open(chunk)) {
            return in.readNBytes(into, 0, chunk.size()) == chunk.size();
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /**
     * Ends the feeding and answers the hashes over the first chunks of {@code chunks}, if those are the chunks fed,
     * in that order; else {@link Prefix#none()}.
     */
    public Prefix take(List<ChunkRef> chunks) {
        lock.lock();
        try {
            closed = true;
            while (feeding) {
                idle.awaitUninterruptibly(); // a chunk sent again may still be feeding: its bytes count
            }
            if (fed == 0 || fed > chunks.size()) {
                return Prefix.none();
            }
            MessageDigest expected = ContentHash.newDigest();
            for (ChunkRef chunk : chunks.subList(0, fed)) {
                expected.update(chunk.hash().getBytes(StandardCharsets.US_ASCII));
            }
            if (!MessageDigest.isEqual(expected.digest(), fingerprint.digest())) {
                return Prefix.none();
            }
            return new Prefix(sha, crc, fed);
        } finally {
            lock.unlock();
        }
    }

    /** The upload named {@code upload} as a client calls it, or empty when the name is not one we accept. */
    public static Optional<String> checkedName(String upload) {
        return upload != null && UPLOAD_NAME.matcher(upload).matches() ? Optional.of(upload) : Optional.empty();
    }

    private static final java.util.regex.Pattern UPLOAD_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
}
