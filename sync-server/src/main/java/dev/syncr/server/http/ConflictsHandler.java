package dev.syncr.server.http;

import dev.syncr.api.ConflictList;
import dev.syncr.api.Resolution;
import dev.syncr.api.ResolveWrite;
import dev.syncr.core.Keep;
import dev.syncr.core.ResolveOutcome;
import dev.syncr.core.SyncService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Conflicts as records: {@code GET /conflicts} (open ones; {@code ?status=all} for every one),
 * {@code GET /conflicts/{id}} and {@code POST /conflicts/{id}/resolve}. Over the caller's namespace only: another
 * namespace's conflict is a 404 like one that never existed.
 */
final class ConflictsHandler {

    /** A resolve's body: the choice and, for {@code keep: content}, text up to the text endpoint's limit. */
    private static final long MAX_RESOLVE_BODY = 12L * 1024 * 1024;

    private final SyncService service;
    private final Runnable onCommit;

    ConflictsHandler(SyncService service, Runnable onCommit) {
        this.service = service;
        this.onCommit = onCommit;
    }

    void handle(HttpCall call) throws IOException {
        String path = call.rawPath();
        if (path.equals("/conflicts") || path.equals("/conflicts/")) {
            FilesHandler.requireMethod(call, "GET");
            String status = call.query("status").orElse("open");
            if (!status.equals("open") && !status.equals("all")) {
                throw ApiException.badRequest("status must be open or all");
            }
            call.respondJson(200, new ConflictList(service.conflicts(status.equals("all")).stream()
                    .map(Views::conflict).toList()));
            return;
        }
        String rest = path.substring("/conflicts/".length());
        boolean resolve = rest.endsWith("/resolve");
        long id = idOf(resolve ? rest.substring(0, rest.length() - "/resolve".length()) : rest);
        if (resolve) {
            FilesHandler.requireMethod(call, "POST");
            resolve(call, id);
        } else {
            FilesHandler.requireMethod(call, "GET");
            call.respondJson(200, Views.conflict(service.conflict(id).orElseThrow(() -> notFound(id))));
        }
    }

    private void resolve(HttpCall call, long id) throws IOException {
        ResolveWrite body = Json.readBody(call, MAX_RESOLVE_BODY, ResolveWrite.class,
                "resolve takes application/json "
                        + "{\"keep\": \"original\" | \"copy\" | \"both\" | \"content\", \"expected_version\": n}");
        Keep keep = Keep.parse(body.keep());
        Optional<InputStream> content = Optional.ofNullable(body.content())
                .map(text -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        OptionalLong expected = body.expectedVersion() == null ? OptionalLong.empty()
                : OptionalLong.of(body.expectedVersion());
        ResolveOutcome outcome = service.resolve(id, keep, expected, content, call.clientId());
        switch (outcome) {
            case ResolveOutcome.Resolved r -> {
                EventLog.info("Resolved conflict " + id + " on " + r.conflict().file() + ": keep " + keep.wireName(),
                        "event", "resolved", "conflict", id, "file_id", r.conflict().file(), "keep",
                        keep.wireName(), "client_id", call.clientId());
                if (!r.written().isEmpty()) {
                    onCommit.run();
                }
                call.respondJson(200, new Resolution(Views.conflict(r.conflict()),
                        r.written().stream().map(Views::version).toList()));
            }
            case ResolveOutcome.AlreadyResolved a -> throw new ApiException(409, "conflict_resolved",
                    "conflict " + id + " was already resolved (keep " + a.conflict().resolution().wireName() + ")")
                    .with("conflict", Views.conflict(a.conflict()));
            case ResolveOutcome.Stale s -> {
                ApiException error = new ApiException(409, "version_conflict", "version conflict on "
                        + s.conflict().id() + ": expected " + s.conflict().expectedVersion() + ", server has "
                        + s.conflict().currentVersion() + "; look at it and resolve again")
                        .with("file_id", s.conflict().id().value())
                        .with("expected_version", s.conflict().expectedVersion())
                        .with("current_version", s.conflict().currentVersion());
                s.conflict().current().ifPresent(head -> error.with("current_hash", head.hash())
                        .with("current", Views.metadata(head)));
                throw error;
            }
            case ResolveOutcome.NotFound n -> throw notFound(id);
            case ResolveOutcome.Rejected r -> throw ApiException.badRequest(r.message());
        }
    }

    private static long idOf(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("no such conflict: " + HttpCall.abbreviate(raw));
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("no conflict " + id);
    }
}
