package dev.syncr.api;

/** Lines {@code from}..{@code to} (1-based, inclusive) of the base that both sides of a failed merge changed. */
public record LineRange(int from, int to) {
}
