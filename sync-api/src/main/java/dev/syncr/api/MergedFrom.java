package dev.syncr.api;

/**
 * A version the server merged (3-way): a write based on {@code baseVersion} that lost to {@code headVersion}, both
 * edits kept.
 */
public record MergedFrom(long baseVersion, long headVersion) {
}
