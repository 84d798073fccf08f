package dev.syncr.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seam for crash tests: a process armed at a point stops when its work reaches it, creates a signal file, and waits
 * there, so the test can kill it (kill -9) exactly there rather than after a guessed sleep. Only code arms it (a test's
 * own main, which the released jar does not contain); no flag or environment variable does, so a user's process can
 * never freeze. Unarmed (always, outside those tests) each point is one comparison.
 */
public final class FreezePoint {

    /** A download is complete in its temporary file, not yet renamed into place. */
    public static final String DOWNLOADED = "downloaded";
    /** A download is renamed into place; the sync state does not know it yet. */
    public static final String PLACED = "placed";
    /** An upload has sent a chunk; the rest, and the commit, are still to come. */
    public static final String CHUNK_SENT = "chunk-sent";

    private static volatile String armedAt;
    private static volatile Path signal;

    private FreezePoint() {
    }

    /** Makes this process freeze at {@code point}, saying so by creating {@code signalFile}. For tests only. */
    static void arm(String point, Path signalFile) {
        signal = signalFile;
        armedAt = point;
    }

    public static void reach(String point) {
        if (point.equals(armedAt)) {
            freeze(point);
        }
    }

    private static void freeze(String point) {
        try {
            Files.writeString(signal, point);
            while (true) {
                Thread.sleep(60_000);
            }
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException("frozen at " + point, e);
        }
    }
}
