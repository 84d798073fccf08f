package dev.syncr.api;

/**
 * {@code POST /conflicts/{id}/resolve}.
 *
 * @param keep            {@code original} (drop the copy), {@code copy} (the copy's content becomes the original's
 *                        next version, the copy goes), {@code both} (close, keep both files), {@code content} (this
 *                        {@code content} becomes the original's next version, the copy goes)
 * @param expectedVersion the original's version the choice was made on; required when the original is written
 *                        ({@code copy}, {@code content}): if it moved on, the answer is 409
 * @param content         for {@code keep: content}: the text to keep
 */
public record ResolveWrite(String keep, Long expectedVersion, String content) {

    public ResolveWrite {
        if (keep == null) {
            throw InvalidBody.missing("keep", "original, copy, both or content");
        }
        if (!java.util.Set.of("original", "copy", "both", "content").contains(keep)) {
            throw InvalidBody.invalid("keep must be original, copy, both or content, not " + keep);
        }
        if (expectedVersion != null) {
            InvalidBody.requireVersion("expected_version", expectedVersion);
        }
        if (keep.equals("content") && content == null) {
            throw InvalidBody.missing("content", "the text to keep");
        }
    }
}
