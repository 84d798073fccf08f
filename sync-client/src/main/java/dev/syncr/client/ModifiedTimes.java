package dev.syncr.client;

/**
 * When a file's size and modification time may stand in for its content: git's "racily clean" rule. A file system
 * stamps times in ticks, so an edit within the tick of the stat someone looked at leaves size and time as they were;
 * a stat seen within a tick of its time (or before it: another clock) is no proof, and the content is hashed.
 *
 * <p>How long a tick is shows in the stamp itself. A time on a whole second comes from a file system that keeps
 * seconds or two (FAT's two, HFS+ and ext3's one) or from a tool that set it: two seconds are waited out. A time
 * with a fraction of a second was taken from the kernel's clock, which moves every 1 to 16 ms (a Linux jiffy,
 * Windows' timer): a tenth of a second is waited out. (A finer stamp one in a thousand times falls on a whole
 * second; it waits the longer window, which is only slower.) Knowing this spares a device from hashing a file it
 * just wrote, such as a download, on every pass of the next two seconds.
 */
public final class ModifiedTimes {

    static final long COARSE_WINDOW_MILLIS = 2_000;
    static final long FINE_WINDOW_MILLIS = 100;

    private ModifiedTimes() {
    }

    /**
     * Whether a stat whose modification time is {@code modifiedMillis}, read at or after {@code seenAtMillis}, could
     * miss a later same-size edit. Pass the time taken <em>before</em> the stat was read: the later the time, the
     * less conservative the answer.
     */
    public static boolean racy(long modifiedMillis, long seenAtMillis) {
        long window = Math.floorMod(modifiedMillis, 1000L) == 0 ? COARSE_WINDOW_MILLIS : FINE_WINDOW_MILLIS;
        return seenAtMillis - modifiedMillis < window;
    }
}
