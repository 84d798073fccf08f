package dev.syncr.api;

import dev.syncr.core.ContentHash;

/**
 * {@code POST /files/{id}}: a whole text file. The version it is based on comes from here or from {@code If-Match}
 * (the server requires one of them).
 *
 * @param contentHash optional SHA-256 of the UTF-8 content; the server refuses the write if it does not match
 * @param merge       if the write loses a race, merge it with the head when both edits are clean text (3-way)
 * @param keepBoth    if the write loses a race (and does not merge), keep it as a conflicted copy with a conflict
 *                    record
 */
public record TextWrite(String content, Long expectedVersion, String contentHash, Boolean merge, Boolean keepBoth) {

    public TextWrite(String content, Long expectedVersion, String contentHash) {
        this(content, expectedVersion, contentHash, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
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
