package dev.syncr.api;

import dev.syncr.core.ContentHash;
import java.util.List;

/** {@code POST /chunks/missing}: which of these chunks must still be uploaded (at most 1000 per request). */
public record ChunkQuery(List<String> hashes) {

    public static final int MAX_HASHES = 1000;

    public ChunkQuery {
        if (hashes == null) {
            throw InvalidBody.missing("hashes", "the chunks' SHA-256s");
        }
        if (hashes.size() > MAX_HASHES) {
            throw InvalidBody.invalid("at most " + MAX_HASHES + " hashes per request, got " + hashes.size());
        }
        try {
            hashes = hashes.stream().map(ContentHash::parse).toList();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidBody.invalid("hashes must be SHA-256 hex digests");
        }
    }
}
