package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.ETags;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.WriteOutcome;
import java.io.IOException;

/** Turns a write's outcome into the seed's responses and status codes, and logs it. One place for every write. */
final class Outcomes {

    private Outcomes() {
    }

    /** The outcome's name in metrics. */
    static String kind(WriteOutcome outcome) {
        return switch (outcome) {
            case WriteOutcome.Committed c -> "committed";
            case WriteOutcome.Unchanged u -> "unchanged";
            case WriteOutcome.Merged m -> "merged";
            case WriteOutcome.KeptBoth k -> "kept_both";
            case WriteOutcome.Conflict c -> "conflict";
            default -> "rejected";
        };
    }

    /**
     * @param conditionalHeader the write's expected version came from {@code If-Match}: a stale one is then a 412
     *                          (HTTP's precondition failure) rather than the seed's 409
     * @param successStatus     the {@code status} word for a committed non-create ("updated", "deleted", "restored")
     */
    static void render(HttpCall call, FileId id, WriteOutcome outcome, boolean conditionalHeader,
                       String successStatus, Runnable onCommit) throws IOException {
        String client = call.clientId();
        call.metrics().write(kind(outcome));
        switch (outcome) {
            case WriteOutcome.Committed c -> {
                FileVersion v = c.version();
                long from = v.version() - 1;
                String status = c.created() ? "created" : successStatus;
                if (c.created()) {
                    EventLog.info("Created " + id + " v" + v.version(), "event", "created", "file_id", id,
                            "version", v.version(), "client_id", client, "size_bytes", v.size());
                } else if (v.deleted()) {
                    EventLog.info("Deleted " + id + ": v" + from + " → v" + v.version(), "event", "deleted",
                            "file_id", id, "from", from, "to", v.version(), "client_id", client);
                } else {
                    EventLog.info("Updated " + id + ": v" + from + " → v" + v.version(), "event", status,
                            "file_id", id, "from", from, "to", v.version(), "client_id", client);
                }
                onCommit.run();
                call.responseHeaders().set("ETag", ETags.of(v.version()));
                call.respondJson(c.created() ? 201 : 200, Views.written(status, v, from));
            }
            case WriteOutcome.Unchanged u -> {
                FileVersion head = u.head();
                EventLog.info("Unchanged " + id + " v" + head.version(), "event", "unchanged", "file_id", id,
                        "version", head.version(), "client_id", client);
                call.responseHeaders().set("ETag", ETags.of(head.version()));
                call.respondJson(200, Views.unchanged(head));
            }
            case WriteOutcome.Merged m -> {
                FileVersion v = m.version();
                EventLog.info("MERGED " + id + ": v" + v.merge().base() + " edit + v" + v.merge().head() + " → v"
                        + v.version(), "event", "merged", "file_id", id, "base", v.merge().base(), "head",
                        v.merge().head(), "to", v.version(), "client_id", client);
                onCommit.run();
                call.responseHeaders().set("ETag", ETags.of(v.version()));
                call.respondJson(200, Views.merged(v));
            }
            case WriteOutcome.KeptBoth k -> {
                EventLog.warn("CONFLICT detected for " + id + ": kept both, the edit is " + k.copy().id(), "event",
                        "kept_both", "file_id", id, "conflict", k.conflict().id(), "copy", k.copy().id(),
                        "client_id", client);
                onCommit.run();
                long current = k.current().map(FileVersion::version).orElse(0L);
                ApiException error = new ApiException(409, "version_conflict", "version conflict on " + id
                        + ": expected " + k.conflict().baseVersion() + ", server has " + current
                        + "; your content was kept as " + k.copy().id())
                        .with("file_id", id.value())
                        .with("expected_version", k.conflict().baseVersion())
                        .with("current_version", current)
                        .with("conflict", Views.conflict(k.conflict()))
                        .with("overlaps", Views.overlaps(k.overlaps()));
                k.current().ifPresent(head -> error.with("current_hash", head.hash())
                        .with("current", Views.metadata(head)));
                throw error;
            }
            case WriteOutcome.Conflict c -> {
                EventLog.warn("CONFLICT detected for " + id, "event", "conflict", "file_id", id,
                        "expected", c.expectedVersion(), "actual", c.currentVersion(), "client_id", client);
                ApiException error = conditionalHeader
                        ? new ApiException(412, "precondition_failed", "If-Match names version "
                            + c.expectedVersion() + " but " + id + " is at version " + c.currentVersion())
                        : new ApiException(409, "version_conflict", "version conflict on " + id + ": expected "
                            + c.expectedVersion() + ", server has " + c.currentVersion());
                error.with("file_id", id.value())
                        .with("expected_version", c.expectedVersion())
                        .with("current_version", c.currentVersion())
                        .with("overlaps", Views.overlaps(c.overlaps()));
                c.current().ifPresent(head -> error
                        .with("current_hash", head.hash())
                        .with("current", Views.metadata(head)));
                throw error;
            }
            case WriteOutcome.HashMismatch m -> {
                EventLog.warn("Hash mismatch for " + id, "event", "hash_mismatch", "file_id", id,
                        "claimed", m.claimed(), "actual", m.actual(), "client_id", client);
                throw new ApiException(400, "hash_mismatch", "content_hash does not match the content received")
                        .with("claimed_hash", m.claimed())
                        .with("actual_hash", m.actual());
            }
            case WriteOutcome.MissingChunks m -> throw new ApiException(400, "missing_chunks", m.hashes().size()
                    + " chunk(s) of this manifest are not uploaded yet: PUT /chunks/{hash} each, then commit again")
                    .with("file_id", id.value()).with("missing_chunks", m.hashes());
            case WriteOutcome.NotFound n -> throw ApiException.notFound(n.message()).with("file_id", id.value());
            case WriteOutcome.Rejected r -> throw ApiException.badRequest(r.message());
            case WriteOutcome.QuotaExceeded q -> throw quotaExceeded(q);
        }
    }

    /** 507, with the numbers a client shows its user: nothing was stored. */
    static ApiException quotaExceeded(WriteOutcome.QuotaExceeded q) {
        return new ApiException(507, "insufficient_storage", "this write would take the account past its storage "
                + "quota (" + q.quotaBytes() + " bytes; its files hold " + q.usageBytes() + "); delete files or ask "
                + "for a larger quota. Nothing was stored.")
                .with("quota_bytes", q.quotaBytes()).with("usage_bytes", q.usageBytes());
    }
}
