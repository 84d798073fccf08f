package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.api.ConflictList;
import dev.syncr.api.Resolution;
import dev.syncr.api.ResolveWrite;
import dev.syncr.core.share.Tree;
import dev.syncr.core.Keep;
import dev.syncr.core.ResolveOutcome;
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
public final class ConflictsHandler {

    /** A resolve's body: the choice and, for {@code keep: content}, text up to the text endpoint's limit. */
    private static final long MAX_RESOLVE_BODY = 12L * 1024 * 1024;

    private final ChangeSignal signal;

    public ConflictsHandler(ChangeSignal signal) {
        this.signal = signal;
    }

    /** {@code GET /conflicts}. */
    public void list(Request r) throws IOException {
        HttpCall call = r.call();
        String status = call.query("status").orElse("open");
            if (!status.equals("open") && !status.equals("all")) {
                throw ApiException.badRequest("status must be open or all");
            }
        call.respondJson(200, new ConflictList(r.tree().conflicts(status.equals("all")).stream()
                .map(Views::conflict).toList()));
    }

    /** {@code GET /conflicts/{id}}. */
    public void get(Request r) throws IOException {
        long id = idOf(r.param("id"));
        r.call().respondJson(200, Views.conflict(r.tree().conflict(id).orElseThrow(() -> notFound(id))));
    }

    /** {@code POST /conflicts/{id}/resolve}. */
    public void resolve(Request r) throws IOException {
        HttpCall call = r.call();
        long id = idOf(r.param("id"));
        ResolveWrite body = Json.readBody(call, MAX_RESOLVE_BODY, ResolveWrite.class,
                "resolve takes application/json "
                        + "{\"keep\": \"original\" | \"copy\" | \"both\" | \"content\", \"expected_version\": n}");
        Keep keep = Keep.parse(body.keep());
        Optional<InputStream> content = Optional.ofNullable(body.content())
                .map(text -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        OptionalLong expected = body.expectedVersion() == null ? OptionalLong.empty()
                : OptionalLong.of(body.expectedVersion());
        ResolveOutcome outcome = r.tree().resolve(id, keep, expected, content, call.clientId());
        switch (outcome) {
            case ResolveOutcome.Resolved resolved -> {
                EventLog.info("Resolved conflict " + id + " on " + resolved.conflict().file() + ": keep "
                        + keep.wireName(), "event", "resolved", "conflict", id, "file_id", resolved.conflict().file(), "keep",
                        keep.wireName(), "client_id", call.clientId());
                if (!resolved.written().isEmpty()) {
                    signal.onCommit(r).run();
                }
                call.respondJson(200, new Resolution(Views.conflict(resolved.conflict()),
                        resolved.written().stream().map(Views::version).toList()));
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
            case ResolveOutcome.Rejected rejected -> throw ApiException.badRequest(rejected.message());
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
