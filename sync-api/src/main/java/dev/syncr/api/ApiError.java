package dev.syncr.api;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every 4xx/5xx body: a stable machine-readable {@code error} code, a {@code message} a person can act on, and the
 * details that code carries (a conflict names the versions and the server's head; a hash mismatch both hashes).
 *
 * @param current       the server's head, on a version conflict when the file exists
 * @param missingChunks on {@code missing_chunks}: the chunks to upload before the manifest can be committed
 * @param overlaps      on a conflict of a write that asked to merge: the lines of the base both sides changed
 * @param conflict      on a conflict of a write that asked to keep both: the record of the conflicted copy it made;
 *                      on {@code conflict_resolved}: the resolution that was made
 * @param quotaBytes    on {@code insufficient_storage}: the account's quota
 * @param usageBytes    on {@code insufficient_storage}: what the account's files hold now
 */
public record ApiError(String error, String message, String fileId, Long expectedVersion, Long currentVersion,
                       String currentHash, FileMetadata current, Boolean deleted, Long version, String claimedHash,
                       String actualHash, Long maxBytes, java.util.List<String> missingChunks,
                       java.util.List<LineRange> overlaps, ConflictView conflict, Long quotaBytes,
                       Long usageBytes) {

    /** The wire names of the detail fields an error may carry (every field but error and message). */
    public static final Set<String> DETAILS = Arrays.stream(ApiError.class.getRecordComponents())
            .map(c -> ApiJson.wireName(c.getName()))
            .filter(name -> !name.equals("error") && !name.equals("message"))
            .collect(Collectors.toUnmodifiableSet());

    /** An error with no details beyond the file it is about ({@code fileId} may be null). */
    public static ApiError of(String error, String message, String fileId) {
        return new ApiError(error, message, fileId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
