package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.api.BatchItem;
import dev.syncr.api.BatchOutcome;
import dev.syncr.api.BatchResponse;
import dev.syncr.api.BatchWrite;
import dev.syncr.core.share.Tree;
import dev.syncr.core.BatchUpload;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.WriteOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /batch}: many small files in one request and one transaction, each on its own terms (its own expected
 * version, its own outcome), as a first sync of a folder of small files needs: one round trip and one commit for a
 * thousand files instead of a thousand of each. Larger files go through the chunk protocol.
 */
public final class BatchHandler {

    /** The whole request: a thousand files of up to a few dozen kilobytes each, base64 included. */
    static final long MAX_BODY = 64L * 1024 * 1024;

    private final ChangeSignal signal;

    public BatchHandler(ChangeSignal signal) {
        this.signal = signal;
    }

    public void handle(Request r) throws IOException {
        HttpCall call = r.call();
        BatchWrite batch = Json.readBody(call, MAX_BODY, BatchWrite.class,
                "POST /batch takes application/json "
                        + "{\"writes\": [{\"file_id\": …, \"expected_version\": …, \"content\": …}, …]}");
        List<BatchUpload> uploads = new ArrayList<>();
        for (BatchItem item : batch.writes()) {
            FileId id = Wire.fileId(item.fileId());
            byte[] content;
            if (item.content() != null) {
                content = item.content().getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    content = Base64.getDecoder().decode(item.contentBase64());
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("content_base64 of " + id + " is not base64: " + e.getMessage());
                }
            }
            Optional<String> claimed = Optional.ofNullable(item.contentHash()).map(Wire::contentHash);
            uploads.add(new BatchUpload(id, item.expectedVersion(), content, claimed));
        }
        List<WriteOutcome> outcomes = r.tree().uploadEach(uploads, call.clientId());
        List<BatchOutcome> results = new ArrayList<>();
        int committed = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            FileId id = uploads.get(i).id();
            WriteOutcome outcome = outcomes.get(i);
            call.metrics().write(Outcomes.kind(outcome));
            results.add(switch (outcome) {
                case WriteOutcome.Committed c -> {
                    committed++;
                    yield new BatchOutcome(id.value(), c.created() ? "created" : "updated", c.version().version(),
                            c.version().hash(), null, null);
                }
                case WriteOutcome.Unchanged u -> new BatchOutcome(id.value(), "unchanged", u.head().version(),
                        u.head().hash(), null, null);
                case WriteOutcome.Conflict c -> new BatchOutcome(id.value(), "conflict", null, null,
                        c.currentVersion(), "expected " + c.expectedVersion() + ", server has " + c.currentVersion());
                case WriteOutcome.HashMismatch m -> new BatchOutcome(id.value(), "hash_mismatch", null, null, null,
                        "content_hash does not match the content: " + m.actual());
                case WriteOutcome.QuotaExceeded q -> new BatchOutcome(id.value(), "insufficient_storage", null, null,
                        null, Outcomes.quotaExceeded(q).getMessage());
                default -> new BatchOutcome(id.value(), "rejected", null, null, null, String.valueOf(outcome));
            });
        }
        if (committed > 0) {
            signal.onCommit(r).run();
        }
        EventLog.info("Batch of " + uploads.size() + ": " + committed + " committed", "event", "batch", "writes",
                uploads.size(), "committed", committed, "client_id", call.clientId());
        call.respondJson(200, new BatchResponse(results, committed));
    }
}
