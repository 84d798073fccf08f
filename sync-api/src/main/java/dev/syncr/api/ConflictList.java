package dev.syncr.api;

import java.util.List;

/** {@code GET /conflicts}: newest first. */
public record ConflictList(List<ConflictView> conflicts) {
}
