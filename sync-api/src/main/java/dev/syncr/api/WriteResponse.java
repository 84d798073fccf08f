package dev.syncr.api;

/**
 * The answer to every write that went through (the seed's upload response, also for text writes, deletes and
 * restores).
 *
 * @param status          {@code created}, {@code updated}, {@code uploaded}, {@code deleted}, {@code restored},
 *                        {@code merged} or {@code unchanged}
 * @param previousVersion the head this write replaced; absent for a create
 * @param mergedFrom      for {@code merged}: the base the write was made on and the head it was merged with
 */
public record WriteResponse(String status, String fileId, long version, String contentHash, String storageKey,
                            Long sizeBytes, Long previousVersion, MergedFrom mergedFrom) {

    public WriteResponse(String status, String fileId, long version, String contentHash, String storageKey,
                         Long sizeBytes, Long previousVersion) {
        this(status, fileId, version, contentHash, storageKey, sizeBytes, previousVersion, null);
    }
}
