package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.api.ChunkQuery;
import dev.syncr.api.ChunkStored;
import dev.syncr.api.MissingChunks;
import dev.syncr.core.share.Tree;
import dev.syncr.core.ContentHash;
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
public final class ChunksHandler {

    private static final long MAX_QUERY_BODY = 128 * 1024;

    /** {@code POST /chunks/missing}. */
    public void missing(Request r) throws IOException {
        ChunkQuery query = Json.readBody(r.call(), MAX_QUERY_BODY, ChunkQuery.class,
                "send Content-Type: application/json with {\"hashes\": [SHA-256, ...]}");
        r.call().respondJson(200, new MissingChunks(r.tree().missingChunks(query.hashes())));
    }

    private static String hashOf(Request r) {
        try {
            return ContentHash.parse(r.param("hash"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(r.call().rawPath())
                    + " (chunks are /chunks/{sha256})");
        }
    }

    /** {@code PUT /chunks/{hash}}. */
    public void put(Request r) throws IOException {
        HttpCall call = r.call();
        String hash = hashOf(r);
        switch (r.tree().putChunk(hash, call.body(FastCdc.MAX_SIZE))) {
            case ChunkUpload.Stored stored -> call.respondJson(201, new ChunkStored(stored.chunk().hash(),
                    stored.chunk().size()));
            case ChunkUpload.HashMismatch m -> throw new ApiException(400, "hash_mismatch", "the chunk's bytes do "
                    + "not hash to " + hash + "; nothing was stored").with("claimed_hash", m.claimed())
                    .with("actual_hash", m.actual());
            case ChunkUpload.BadSize b -> throw ApiException.badRequest("a chunk has 1 to " + FastCdc.MAX_SIZE
                    + " bytes, got " + b.size());
        }
    }

    /** {@code GET /chunks/{hash}}. */
    public void get(Request r) throws IOException {
        HttpCall call = r.call();
        String hash = hashOf(r);
        Optional<InputStream> chunk = r.tree().openChunk(hash);
        if (chunk.isEmpty()) {
            throw ApiException.notFound("no chunk " + hash + " here");
        }
        // content-addressed, so it never changes; its length is not kept apart from the bytes, so it streams
        call.responseHeaders().set("Cache-Control", "private, max-age=31536000, immutable");
        call.respondStreamToEnd(200, chunk.get(), "application/octet-stream");
    }
}
