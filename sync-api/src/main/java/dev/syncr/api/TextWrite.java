package dev.syncr.api;

import dev.syncr.core.ContentHash;

/**
 * {@code POST /files/{id}}: a whole text file. The version it is based on comes from here or from {@code If-Match}
 * (the server requires one of them).
 *
 * @param contentHash optional SHA-256 of the UTF-8 content; the server refuses the write if it does not match
 */
public record TextWrite(String content, Long expectedVersion, String contentHash) {

    public TextWrite {
        if (content == null) {
            throw InvalidBody.missing("content", "");
        }
        InvalidBody.requireVersion("expected_version", expectedVersion);
        if (contentHash != null) {
            try {
                contentHash = ContentHash.parse(contentHash);
            } catch (IllegalArgumentException e) {
                throw InvalidBody.invalid(e.getMessage());
            }
        }
    }
}
