package dev.syncr.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A download's temp file, written as the bytes land, that asks the disk to write out what it holds every
 * {@value #EVERY_BYTES} bytes on another thread meanwhile. The flush that must come before the file is placed (see
 * {@link FilePlacement}) then waits for the last few megabytes, not for the whole file: a large download is on the
 * disk sooner after its last byte arrives. The early flushes are only a head start, never the guarantee; a failed
 * one fails the download (the disk may not report the same loss to the later flush).
 */
final class FlushedAsItLands extends OutputStream {

    static final long EVERY_BYTES = 32L << 20;

    private final FileChannel channel;
    private long sinceFlush;
    private Thread flushing;
    private volatile IOException failed;

    private FlushedAsItLands(FileChannel channel) {
        this.channel = channel;
    }

    /** Writes {@code temp} from its start (it exists, empty, or is truncated). */
    static FlushedAsItLands open(Path temp) throws IOException {
        return new FlushedAsItLands(FileChannel.open(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        sinceFlush += length;
        if (sinceFlush >= EVERY_BYTES && (flushing == null || !flushing.isAlive())) {
            throwIfFailed();
            sinceFlush = 0;
            flushing = Thread.ofPlatform().daemon().name("flush-ahead").start(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    failed = e;
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (flushing != null) {
                flushing.join();
            }
            throwIfFailed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while a download was being flushed");
        } finally {
            channel.close();
        }
    }

    private void throwIfFailed() throws IOException {
        if (failed != null) {
            throw new IOException("writing the download to disk failed", failed);
        }
    }
}
