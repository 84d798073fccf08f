package dev.syncr.client;

import dev.syncr.api.ApiError;
import dev.syncr.api.ApiJson;
import dev.syncr.api.ChangeEntry;
import dev.syncr.api.ConflictView;
import dev.syncr.api.FileMetadata;
import dev.syncr.api.MergedFrom;
import dev.syncr.api.VersionInfo;
import dev.syncr.api.WriteResponse;
import dev.syncr.core.FileId;
import dev.syncr.core.Keep;
import java.util.Optional;

/**
 * The API's wire records ({@code dev.syncr.api}) as this library's typed results, and back: file ids as
 * {@link FileId}, times as {@code Instant}, a write's answer as a {@link WriteResult} to switch on.
 */
final class WireResults {

    private WireResults() {
    }

    static RemoteFile file(FileMetadata m) {
        return new RemoteFile(FileId.of(m.fileId()), m.version(), m.contentHash(), m.sizeBytes(), m.deleted(),
                ApiJson.parseTime(m.updatedAt()), m.updatedBy());
    }

    static RemoteVersion version(VersionInfo v) {
        return new RemoteVersion(FileId.of(v.fileId()), v.version(), v.contentHash(), v.sizeBytes(), v.deleted(),
                ApiJson.parseTime(v.createdAt()), v.clientId(), Optional.ofNullable(v.mergedFrom())
                .map(m -> new RemoteVersion.Merge(m.baseVersion(), m.headVersion())));
    }

    static RemoteChange change(ChangeEntry c) {
        return new RemoteChange(c.cursor(), FileId.of(c.fileId()), c.version(), c.deleted(), c.contentHash(),
                c.sizeBytes(), c.clientId(), c.mount());
    }

    /** A 200/201 answer to a write. */
    static WriteResult written(FileId id, WriteResponse r) {
        if (r.status().equals("unchanged")) {
            return new WriteResult.Unchanged(id, r.version(), r.contentHash());
        }
        if (r.status().equals("merged") && r.mergedFrom() != null) {
            return new WriteResult.Merged(id, r.version(), r.contentHash(), orZero(r.sizeBytes()),
                    r.mergedFrom().baseVersion(), r.mergedFrom().headVersion());
        }
        return new WriteResult.Committed(id, r.version(), orZero(r.previousVersion()), r.contentHash(),
                orZero(r.sizeBytes()), r.status().equals("created"), r.status());
    }

    /** A 409/412 (someone else's write won) or a 404 (no such file or version) answer to a write. */
    /** An error body; a proxy's HTML page or an empty body becomes an error with that text as its message. */
    static ApiError error(String body) {
        if (body != null && !body.isBlank()) {
            try {
                return ApiJson.TOLERANT.readValue(body, ApiError.class);
            } catch (java.io.IOException ignored) {
                // not ours: fall through
            }
        }
        String text = body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
        return ApiError.of(null, text.isBlank() ? null : text, null);
    }

    static WriteResult refused(FileId id, ApiError e) {
        if ("not_found".equals(e.error())) {
            return new WriteResult.NotFound(id, e.message() == null ? "not found" : e.message());
        }
        if (e.conflict() != null) {
            return new WriteResult.KeptBoth(id, conflict(e.conflict()), orZero(e.currentVersion()), e.currentHash(),
                    Optional.ofNullable(e.current()).map(WireResults::file));
        }
        return new WriteResult.Conflict(id, orZero(e.expectedVersion()), orZero(e.currentVersion()), e.currentHash(),
                Optional.ofNullable(e.current()).map(WireResults::file));
    }

    static RemoteConflict conflict(ConflictView c) {
        return new RemoteConflict(c.id(), FileId.of(c.fileId()), c.baseVersion(), c.winnerVersion(),
                FileId.of(c.copyId()), c.copyVersion(), c.clientId(), ApiJson.parseTime(c.createdAt()),
                Optional.ofNullable(c.resolution()).map(Keep::parse),
                c.resolvedAt() == null ? null : ApiJson.parseTime(c.resolvedAt()), c.resolvedBy());
    }

    static ConflictView wire(RemoteConflict c) {
        return new ConflictView(c.id(), c.file().value(), c.baseVersion(), c.winnerVersion(), c.copy().value(),
                c.copyVersion(), c.clientId(), c.createdAt() == null ? null : ApiJson.time(c.createdAt()),
                c.open() ? "open" : "resolved", c.resolution().map(Keep::wireName).orElse(null),
                c.resolvedAt() == null ? null : ApiJson.time(c.resolvedAt()), c.resolvedBy());
    }

    /**
     * A write's answer in the server's record shape, rebuilt from the typed result (so the CLI's {@code --json} prints
     * the server's field names): {@code storage_key} is left out, and a conflict's message is worded here.
     */
    static Record wire(WriteResult result) {
        return switch (result) {
            case WriteResult.Committed c -> new WriteResponse(c.status(), c.id().value(), c.version(),
                    c.contentHash(), null, c.status().equals("deleted") ? null : c.size(),
                    c.previousVersion() == 0 ? null : c.previousVersion());
            case WriteResult.Unchanged u -> new WriteResponse("unchanged", u.id().value(), u.version(),
                    u.contentHash(), null, null, null);
            case WriteResult.Conflict c -> new ApiError("version_conflict", "version conflict on " + c.id()
                    + ": expected " + c.expectedVersion() + ", server has " + c.currentVersion(), c.id().value(),
                    c.expectedVersion(), c.currentVersion(), c.currentHash(), c.current().map(WireResults::wire)
                    .orElse(null), null, null, null, null, null, null, null, null, null, null);
            case WriteResult.Merged m -> new WriteResponse("merged", m.id().value(), m.version(), m.contentHash(),
                    null, m.size(), m.version() - 1, new MergedFrom(m.baseVersion(), m.headVersion()));
            case WriteResult.KeptBoth k -> new ApiError("version_conflict", "version conflict on " + k.id()
                    + ": kept as " + k.conflict().copy(), k.id().value(), k.conflict().baseVersion(),
                    k.currentVersion(), k.currentHash(), k.current().map(WireResults::wire).orElse(null), null,
                    null, null, null, null, null, null, wire(k.conflict()), null, null);
            case WriteResult.NotFound n -> ApiError.of("not_found", n.message(), n.id().value());
        };
    }

    static FileMetadata wire(RemoteFile f) {
        return new FileMetadata(f.id().value(), f.version(), f.contentHash(), null, f.size(), f.deleted(),
                f.updatedAt() == null ? null : ApiJson.time(f.updatedAt()), f.updatedBy());
    }

    static VersionInfo wire(RemoteVersion v) {
        return new VersionInfo(v.id().value(), v.version(), v.contentHash(), v.size(), null, v.deleted(),
                v.createdAt() == null ? null : ApiJson.time(v.createdAt()), v.clientId(), v.mergedFrom()
                .map(m -> new MergedFrom(m.baseVersion(), m.headVersion())).orElse(null));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
