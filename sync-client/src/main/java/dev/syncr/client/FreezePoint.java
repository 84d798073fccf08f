package dev.syncr.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A seam for crash tests: a process started with {@code SYNCR_FREEZE_AT=point} stops when its work reaches that
 * point, creates the file named by {@code SYNCR_FREEZE_SIGNAL}, and waits there, so the test can kill it (kill -9)
 * exactly there rather than after a guessed sleep. Without the variable (always, outside those tests) each point is
 * one comparison.
 */
public final class FreezePoint {

    /** A download is complete in its temporary file, not yet renamed into place. */
    public static final String DOWNLOADED = "downloaded";
    /** A download is renamed into place; the sync state does not know it yet. */
    public static final String PLACED = "placed";
    /** An upload has sent a chunk; the rest, and the commit, are still to come. */
    public static final String CHUNK_SENT = "chunk-sent";

    private static final String AT = System.getenv("SYNCR_FREEZE_AT");

    private FreezePoint() {
    }

    public static void reach(String point) {
        if (AT != null && AT.equals(point)) {
            freeze();
        }
    }

    private static void freeze() {
        try {
            String signal = System.getenv("SYNCR_FREEZE_SIGNAL");
            if (signal != null) {
                Files.writeString(Path.of(signal), AT);
            }
            while (true) {
                Thread.sleep(60_000);
            }
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException("frozen at " + AT, e);
        }
    }
}
