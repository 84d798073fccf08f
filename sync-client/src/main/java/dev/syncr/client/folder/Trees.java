package dev.syncr.client.folder;

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

    /** A file on disk, as the scan found it. */
    public record LocalEntry(String hash, long size, long modifiedMillis) {
    }

    /** The last state both sides agreed on: the server version and content, and the local file's stat then. */
    public record SyncedEntry(long version, String hash, long size, long modifiedMillis) {
    }
}
