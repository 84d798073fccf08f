package dev.syncr.core.fs;

import dev.syncr.core.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Content in a local folder, laid out by hash ({@code ROOT/sha256/ab/cd/abcd…}). Bytes are streamed to
 * {@code ROOT/staging/}; publishing fsyncs them, then renames them into place atomically (and fsyncs the folder), so
 * a crash leaves either no blob or the whole blob under its key, never a part. Keys are checked against the layout, so no key can reach outside the root.
 */
public final class FileSystemBlobStore implements BlobStore {

    private static final Pattern KEY = Pattern.compile("sha256/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}");
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path staging;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.staging = this.root.resolve("staging");
        Files.createDirectories(staging);
    }

    public Path root() {
        return root;
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(pathOf(key), StandardOpenOption.READ);
        try {
            channel.position(Math.max(offset, 0));
            InputStream in = Channels.newInputStream(channel);
            return length < 0 ? in : new BoundedInputStream(in, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void forEachBlob(BlobVisitor visitor) throws IOException {
        Path contentRoot = root.resolve("sha256");
        if (!Files.isDirectory(contentRoot)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(contentRoot)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (!KEY.matcher(key).matches()) {
                    continue; // not ours
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    visitor.visit(new StoredBlob(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException deletedMeanwhile) {
                    // gone since the walk saw it
                }
            }
        }
    }

    @Override
    public int sweepStaging(java.time.Instant before) throws IOException {
        int swept = 0;
        try (java.util.stream.Stream<Path> files = Files.list(staging)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                        swept++;
                    }
                } catch (NoSuchFileException gone) {
                    // finished or swept meanwhile
                }
            }
        }
        return swept;
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }

    /** The file for a key; rejects anything that is not a content key, so no key escapes the root. */
    Path pathOf(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a content key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("key escapes the blob root: " + key);
        }
        return path;
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename itself durable. Some filesystems refuse to open a directory; the rename is then as
        // durable as that filesystem allows.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // best effort, see above
        }
    }

    /**
     * Written to a file of the staging folder and flushed, then renamed to the key: the bytes are durable before the
     * name that promises them exists, and a crash leaves at most a staging file, which {@link #sweepStaging} removes.
     * The flush happens even when the key exists, so the call costs the same either way (see {@link BlobStore#put}).
     */
    @Override
    public void put(String key, byte[] data, int offset, int length) throws IOException {
        Path target = pathOf(key);
        Path temp = staging.resolve(UUID.randomUUID() + ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(data, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(target)) {
                return; // the same bytes are there: content addressing
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                return; // the same content was written concurrently: identical bytes
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("blob folder must be on one filesystem with its staging area", e);
            }
            fsyncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Reads at most {@code remaining} bytes of a ranged read. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, Math.min(remaining, BUFFER)));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
