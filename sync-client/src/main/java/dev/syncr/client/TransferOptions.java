package dev.syncr.client;

/**
 * How a chunked transfer runs: how many chunks move at once, and who hears about the bytes that actually travel
 * (the chunks the other side lacked, not the file's size).
 */
public record TransferOptions(int streams, Listener listener) {

    public static final TransferOptions DEFAULT = new TransferOptions(4, new Listener() { });

    /** Told what a transfer will move and as it moves it; called from several threads. */
    public interface Listener {
        default void started(long bytesToMove) {
        }

        default void moved(long bytes) {
        }

        default void finished() {
        }
    }

    public TransferOptions {
        if (streams < 1 || streams > 64) {
            throw new IllegalArgumentException("streams must be 1 to 64, got " + streams);
        }
    }

    public TransferOptions withStreams(int n) {
        return new TransferOptions(n, listener);
    }

    public TransferOptions withListener(Listener l) {
        return new TransferOptions(streams, l);
    }
}
