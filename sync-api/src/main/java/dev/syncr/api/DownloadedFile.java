package dev.syncr.api;

/**
 * One entry of {@code POST /batch/download}'s answer, the line before its bytes. {@code error} says why a file is not
 * sent ({@code not_found}: no such file or version, or it is deleted; {@code too_large}: over the batch's limit per
 * file, fetch it alone), and then no bytes follow.
 *
 * @param contentHash the bytes' SHA-256: the receiver checks them against it before using them
 */
public record DownloadedFile(String fileId, long version, String contentHash, long sizeBytes, String error) {
}
