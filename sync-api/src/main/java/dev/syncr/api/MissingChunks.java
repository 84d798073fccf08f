package dev.syncr.api;

import java.util.List;

/** The answer to a {@link ChunkQuery}: the chunks this account has not uploaded, in the order asked. */
public record MissingChunks(List<String> missing) {
}
