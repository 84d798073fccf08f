package dev.syncr.server.http;

import dev.syncr.api.ChunkQuery;
import dev.syncr.api.ChunkStored;
import dev.syncr.api.MissingChunks;
import dev.syncr.core.ContentHash;
import dev.syncr.core.SyncService;
import dev.syncr.core.chunk.ChunkUpload;
import dev.syncr.core.chunk.FastCdc;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The chunk protocol: {@code POST /chunks/missing} (which of these must I upload?), {@code PUT /chunks/{hash}}
 * (idempotent; the server re-hashes) and {@code GET /chunks/{hash}}. Every answer is about the caller's namespace
 * only: a chunk someone else stored is "missing" and "not found" here, until the caller sends its bytes.
 */
final class ChunksHandler {

    private static final long MAX_QUERY_BODY = 128 * 1024;

    private final SyncService service;

    ChunksHandler(SyncService service) {
        this.service = service;
    }

    void handle(HttpCall call) throws IOException {
        String path = call.rawPath();
        if (path.equals("/chunks/missing")) {
            if (!call.method().equals("POST")) {
                call.responseHeaders().set("Allow", "POST");
                throw FilesHandler.methodNotAllowed("POST");
            }
            ChunkQuery query = Json.readBody(call, MAX_QUERY_BODY, ChunkQuery.class,
                    "send Content-Type: application/json with {\"hashes\": [SHA-256, ...]}");
            call.respondJson(200, new MissingChunks(service.missingChunks(query.hashes())));
            return;
        }
        String hash = hashOf(path);
        switch (call.method()) {
            case "PUT" -> put(call, hash);
            case "GET", "HEAD" -> get(call, hash);
            default -> {
                call.responseHeaders().set("Allow", "GET, HEAD, PUT");
                throw FilesHandler.methodNotAllowed("GET or PUT");
            }
        }
    }

    private static String hashOf(String path) {
        String raw = path.startsWith("/chunks/") ? path.substring("/chunks/".length()) : "";
        try {
            return ContentHash.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(path)
                    + " (chunks are /chunks/{sha256})");
        }
    }

    private void put(HttpCall call, String hash) throws IOException {
        switch (service.putChunk(hash, call.body(FastCdc.MAX_SIZE))) {
            case ChunkUpload.Stored stored -> call.respondJson(201, new ChunkStored(stored.chunk().hash(),
                    stored.chunk().size()));
            case ChunkUpload.HashMismatch m -> throw new ApiException(400, "hash_mismatch", "the chunk's bytes do "
                    + "not hash to " + hash + "; nothing was stored").with("claimed_hash", m.claimed())
                    .with("actual_hash", m.actual());
            case ChunkUpload.BadSize b -> throw ApiException.badRequest("a chunk has 1 to " + FastCdc.MAX_SIZE
                    + " bytes, got " + b.size());
        }
    }

    private void get(HttpCall call, String hash) throws IOException {
        Optional<InputStream> chunk = service.openChunk(hash);
        if (chunk.isEmpty()) {
            throw ApiException.notFound("no chunk " + hash + " here");
        }
        // content-addressed, so it never changes; its length is not kept apart from the bytes, so it streams
        call.responseHeaders().set("Cache-Control", "private, max-age=31536000, immutable");
        call.respondStreamToEnd(200, chunk.get(), "application/octet-stream");
    }
}
