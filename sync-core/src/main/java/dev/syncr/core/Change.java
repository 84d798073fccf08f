package dev.syncr.core;

/**
 * One entry of the change feed: a committed version and its position. Positions increase in commit order, so a
 * reader that remembers the last cursor it saw resumes exactly where it stopped.
 */
public record Change(long cursor, FileVersion version) {
}
