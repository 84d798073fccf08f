package dev.syncr.server.http;

import java.util.Set;

/**
 * A request's route as a template ({@code /files/{file_id}/versions}), for metrics: never the file id, the hash or the
 * conflict in the path, so the number of series stays fixed and no name reaches a monitoring system.
 */
final class RouteTemplate {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE");
    private static final Set<String> FIXED = Set.of("/", "/files/upload", "/changes", "/changes/latest",
            "/changes/longpoll", "/chunks/missing", "/conflicts", "/auth/login", "/auth/logout", "/auth/session",
            "/healthz", "/readyz",
            "/metrics", "/docs", "/openapi.json", "/batch", "/account");

    private RouteTemplate() {
    }

    static String of(String rawPath) {
        if (FIXED.contains(rawPath)) {
            return rawPath;
        }
        if (rawPath.equals("/files") || rawPath.startsWith("/files/")) {
            try {
                return switch (FileRoute.parse(rawPath).action()) {
                    case LIST -> "/files/";
                    case FILE -> "/files/{file_id}";
                    case METADATA -> "/files/{file_id}/metadata";
                    case DOWNLOAD -> "/files/{file_id}/download";
                    case VERSIONS -> "/files/{file_id}/versions";
                    case RESTORE -> "/files/{file_id}/restore";
                    case VERSION -> "/files/{file_id}/versions/{version}";
                    case VERSION_DOWNLOAD -> "/files/{file_id}/versions/{version}/download";
                    case MANIFEST -> "/files/{file_id}/manifest";
                    case MOVE -> "/files/{file_id}/move";
                };
            } catch (RuntimeException invalid) {
                return "/files/{file_id}";
            }
        }
        if (rawPath.startsWith("/chunks/")) {
            return "/chunks/{hash}";
        }
        if (rawPath.startsWith("/conflicts/")) {
            return rawPath.endsWith("/resolve") ? "/conflicts/{id}/resolve" : "/conflicts/{id}";
        }
        if (rawPath.startsWith("/ui/")) {
            return "/ui/{asset}";
        }
        if (rawPath.startsWith("/docs/")) {
            return "/docs";
        }
        return "other";
    }

    /** The method, or {@code other} for one no route takes (a stranger's invention must not add series). */
    static String method(String method) {
        return METHODS.contains(method) ? method : "other";
    }
}
