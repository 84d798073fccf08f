package dev.syncr.api;

/**
 * A link. {@code token} and {@code url} are in the answer that made it, and never again: only a hash of the token is
 * kept.
 *
 * @param url the link's path on this server ({@code /s/TOKEN}); absent but when it was made
 */
public record LinkView(String id, String path, String access, boolean password, String expiresAt, String createdAt,
                       String token, String url) {
}
