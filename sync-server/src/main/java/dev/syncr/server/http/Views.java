package dev.syncr.server.http;

import dev.syncr.core.Change;
import dev.syncr.core.FileRecord;
import dev.syncr.core.FileVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The JSON shapes of responses. Field names become snake_case (see {@link Json}), as in the seed. */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The seed's upload response, also used for text writes, deletes and restores. */
    record WriteResult(String status, String fileId, long version, String contentHash, String storageKey,
                       Long sizeBytes, Long previousVersion) {
    }

    record Metadata(String fileId, long version, String contentHash, String storageKey, long sizeBytes,
                    boolean deleted, String updatedAt, String updatedBy) {

        static Metadata of(FileRecord r) {
            return new Metadata(r.id().value(), r.version(), r.hash(),
                    r.content() == null ? null : r.content().storageKey(), r.size(), r.deleted(), time(r.updatedAt()),
                    r.updatedBy());
        }
    }

    record FileList(List<Metadata> files, int count) {
    }

    record TextFile(String fileId, String content, long version, String contentHash, String updatedAt) {
    }

    record Version(String fileId, long version, String contentHash, long sizeBytes, String storageKey,
                   boolean deleted, String createdAt, String clientId) {

        static Version of(FileVersion v) {
            return new Version(v.id().value(), v.version(), v.hash(), v.size(),
                    v.content() == null ? null : v.content().storageKey(), v.deleted(), time(v.createdAt()),
                    v.clientId());
        }
    }

    record History(String fileId, List<Version> versions) {
    }

    record ChangeEntry(long cursor, String fileId, long version, boolean deleted, String contentHash, long sizeBytes,
                       String clientId, String createdAt) {

        static ChangeEntry of(Change c) {
            FileVersion v = c.version();
            return new ChangeEntry(c.cursor(), v.id().value(), v.version(), v.deleted(), v.hash(), v.size(),
                    v.clientId(), time(v.createdAt()));
        }
    }

    record Changes(List<ChangeEntry> changes, long cursor, boolean hasMore) {
    }

    record Cursor(long cursor) {
    }

    record LongPoll(boolean changes, long cursor) {
    }
}
