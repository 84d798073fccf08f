package dev.syncr.server.http;

import dev.syncr.api.ApiJson;
import dev.syncr.api.ChangeEntry;
import dev.syncr.api.FileMetadata;
import dev.syncr.api.VersionInfo;
import dev.syncr.api.WriteResponse;
import dev.syncr.core.Change;
import dev.syncr.core.FileVersion;

/** The domain's values as the API's wire records ({@code dev.syncr.api}). */
final class Views {

    private Views() {
    }

    static FileMetadata metadata(FileVersion r) {
        return new FileMetadata(r.id().value(), r.version(), r.hash(),
                r.content() == null ? null : r.content().storageKey(), r.size(), r.deleted(),
                ApiJson.time(r.createdAt()), r.clientId());
    }

    static VersionInfo version(FileVersion v) {
        return new VersionInfo(v.id().value(), v.version(), v.hash(), v.size(),
                v.content() == null ? null : v.content().storageKey(), v.deleted(), ApiJson.time(v.createdAt()),
                v.clientId());
    }

    static ChangeEntry change(Change c) {
        FileVersion v = c.version();
        return new ChangeEntry(c.cursor(), v.id().value(), v.version(), v.deleted(), v.hash(), v.size(),
                v.clientId(), ApiJson.time(v.createdAt()));
    }

    /** A committed write; {@code from} is the head it replaced (0: none). */
    static WriteResponse written(String status, FileVersion v, long from) {
        if (v.deleted()) {
            return new WriteResponse("deleted", v.id().value(), v.version(), null, null, null, from);
        }
        return new WriteResponse(status, v.id().value(), v.version(), v.hash(), v.content().storageKey(), v.size(),
                from == 0 ? null : from);
    }

    /** A write that changed nothing: the head it matched. */
    static WriteResponse unchanged(FileVersion head) {
        return new WriteResponse("unchanged", head.id().value(), head.version(), head.hash(),
                head.content() == null ? null : head.content().storageKey(),
                head.content() == null ? null : head.size(), null);
    }
}
