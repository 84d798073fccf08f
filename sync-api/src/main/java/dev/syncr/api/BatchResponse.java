package dev.syncr.api;

import java.util.List;

/** The answer to {@code POST /batch}: one outcome per write, in order, and how many were committed. */
public record BatchResponse(List<BatchOutcome> results, int committed) {
}
