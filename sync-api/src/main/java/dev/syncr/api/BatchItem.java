package dev.syncr.api;

/**
 * One file of {@code POST /batch}: its whole content, as UTF-8 {@code content} or as {@code content_base64}.
 *
 * @param contentHash optional SHA-256 of the bytes; a mismatch commits nothing for this file
 */
public record BatchItem(String fileId, Long expectedVersion, String content, String contentBase64,
                        String contentHash) {

    public BatchItem {
        if (fileId == null) {
            throw InvalidBody.missing("file_id", "in every write");
        }
        if (expectedVersion == null) {
            throw InvalidBody.missing("expected_version", "in every write (0 to create)");
        }
        InvalidBody.requireVersion("expected_version", expectedVersion);
        if ((content == null) == (contentBase64 == null)) {
            throw InvalidBody.invalid("each write has content or content_base64, exactly one");
        }
    }
}
