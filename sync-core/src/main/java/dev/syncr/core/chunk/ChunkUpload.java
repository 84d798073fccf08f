package dev.syncr.core.chunk;

/** How storing one chunk ({@code PUT /chunks/{hash}}) ended. */
public sealed interface ChunkUpload {

    /** Stored (or already there) and now held by the caller's namespace. */
    record Stored(ChunkRef chunk) implements ChunkUpload {
    }

    /** The bytes do not hash to the hash they were sent as; nothing was stored or granted. */
    record HashMismatch(String claimed, String actual) implements ChunkUpload {
    }

    /** Empty, or longer than any chunk may be ({@link FastCdc#MAX_SIZE}); nothing was stored. */
    record BadSize(long size) implements ChunkUpload {
    }
}
