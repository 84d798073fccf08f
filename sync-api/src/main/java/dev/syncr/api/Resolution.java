package dev.syncr.api;

import java.util.List;

/** The answer to a resolve: the closed conflict and the versions it wrote (none for {@code both}, or a retry). */
public record Resolution(ConflictView conflict, List<VersionInfo> written) {
}
