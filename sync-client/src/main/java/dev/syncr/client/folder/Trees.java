package dev.syncr.client.folder;

import dev.syncr.client.ModifiedTimes;
import dev.syncr.core.FileId;
import java.util.Map;

/**
 * The three trees a sync pass compares (Dropbox's Nucleus model): what the server has, what the disk has, and
 * what both last agreed on, the merge base that says which side changed.
 */
final class Trees {

    private Trees() {
    }

    /** A file on the server: its head version, and whether that head is a delete. */
    public record RemoteEntry(long version, String hash, long size, boolean deleted) {
    }

    /**
     * The disk as one scan found it: the files it read, and the paths (folders or files, {@code /}-separated, "" for
     * the whole folder) it could not read or address by their id, with why. Nothing at or under such a path is known
     * this pass. {@code scannedAtMillis}: when the scan began, before it read any stat.
     */
    public record LocalTree(Map<FileId, LocalEntry> files, Map<String, String> unreadable, long scannedAtMillis) {

        public LocalTree {
            unreadable = Map.copyOf(unreadable);
        }

        /** Whether {@code id} is at or under a path the scan could not read. */
        boolean unknown(FileId id) {
            for (String path : unreadable.keySet()) {
                if (path.isEmpty() || id.value().equals(path) || id.value().startsWith(path + "/")) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A file on disk, as the scan found it. {@code hash} is null for a file neither side has heard of (see
     * {@link LocalScan#scan}): the plan can only upload it, and the upload hashes it.
     */
    public record LocalEntry(String hash, long size, long modifiedMillis) {
    }

    /** The last state both sides agreed on: the server version and content, and the local file's stat then. */
    public record SyncedEntry(long version, String hash, long size, long modifiedMillis) {

        /** A stat no file has: the next scan hashes the file instead of trusting its size and time. */
        static final long UNKNOWN_MODIFIED = Long.MIN_VALUE;

        /**
         * Git's "racily clean" rule: a stat read too soon after its modification time (or before it) may not tell a
         * later same-size edit apart, so it is recorded as unknown and the next scan hashes; a scan that finds the
         * same content once the stat is no longer racy records it for good. {@code seenAtMillis}: a time taken
         * before the stat was read (see {@link ModifiedTimes#racy}).
         */
        SyncedEntry settled(long seenAtMillis) {
            return modifiedMillis != UNKNOWN_MODIFIED && ModifiedTimes.racy(modifiedMillis, seenAtMillis)
                    ? new SyncedEntry(version, hash, size, UNKNOWN_MODIFIED) : this;
        }
    }
}
