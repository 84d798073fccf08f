package dev.syncr.client.cli;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/** A progress bar on stderr for transfers big enough to wait for, shown only when a person is watching. */
final class Progress {

    private static final long THRESHOLD = 4L * 1024 * 1024;

    private final PrintStream err;
    private final String label;
    private final long total;
    private long done;
    private int lastPercent = -1;

    private Progress(PrintStream err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** A bar for a chunked transfer: it learns the bytes to move (what the other side lacks) when it starts. */
    static dev.syncr.client.TransferOptions.Listener listener(String label, PrintStream err) {
        return new dev.syncr.client.TransferOptions.Listener() {
            private Progress bar;

            @Override
            public synchronized void started(long bytesToMove) {
                bar = wanted(bytesToMove) ? new Progress(err, label, bytesToMove) : null;
            }

            @Override
            public synchronized void moved(long bytes) {
                if (bar != null) {
                    bar.advance(bytes);
                }
            }

            @Override
            public synchronized void finished() {
                if (bar != null) {
                    bar.finish();
                }
            }
        };
    }

    static boolean wanted(long size) {
        return size >= THRESHOLD && System.console() != null;
    }

    static InputStream wrap(InputStream in, String label, long total, PrintStream err) {
        if (!wanted(total)) {
            return in;
        }
        Progress bar = new Progress(err, label, total);
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bar.advance(n);
                } else if (n < 0) {
                    bar.finish();
                }
                return n;
            }
        };
    }

    static OutputStream wrap(OutputStream out, String label, long total, PrintStream err) {
        if (!wanted(total)) {
            return out;
        }
        Progress bar = new Progress(err, label, total);
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bar.advance(len);
            }

            @Override
            public void close() throws IOException {
                bar.finish();
                super.close();
            }
        };
    }

    private void advance(long n) {
        done += n;
        int percent = (int) (done * 100 / Math.max(total, 1));
        if (percent != lastPercent) {
            lastPercent = percent;
            int filled = percent / 4;
            err.printf("\r%s [%s%s] %3d%% %d/%d MB", label, "=".repeat(filled), " ".repeat(25 - filled), percent,
                    done >> 20, total >> 20);
            err.flush();
        }
    }

    private void finish() {
        if (lastPercent >= 0) {
            err.println();
            lastPercent = -1;
        }
    }
}
