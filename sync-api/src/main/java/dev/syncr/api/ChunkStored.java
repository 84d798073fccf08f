package dev.syncr.api;

/** {@code PUT /chunks/{hash}}: the chunk is stored and this account may use it. */
public record ChunkStored(String hash, int size) {
}
