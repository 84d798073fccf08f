package dev.syncr.server.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path as the API document writes it: {@code {name}} holds one segment, {@code {name:REGEX}} one segment
 * that matches the expression ({@code {version:[0-9]{1,18}}}: a file named {@code notes/versions/v2.txt} is not a
 * version), {@code {name+}} one or more segments (a file id holds slashes: {@code /files/{file_id+}/versions}). Matched against the raw path, so an encoded slash ({@code %2F})
 * stays inside its segment; values come back still percent-encoded. A path with one trailing slash matches a template
 * without it, and a template written with one ({@code /files/}) matches the path without it.
 */
final class PathTemplate {

    private final String text;
    private final List<String> before;
    /** The {@code {name+}} placeholder's name, or null when every placeholder is one segment. */
    private final String greedy;
    private final List<String> after;

    PathTemplate(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a template starts with /: " + text);
        }
        this.text = text.replace("+}", "}").replaceAll("\\{([a-z_]+):[^/]*}(?=/|$)", "{$1}");
        String trimmed = text.length() > 1 && text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        List<String> segments = Arrays.asList(trimmed.substring(1).split("/", -1));
        int at = -1;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).endsWith("+}")) {
                if (at >= 0) {
                    throw new IllegalArgumentException("at most one {name+} in " + text);
                }
                at = i;
            }
        }
        this.before = at < 0 ? segments : segments.subList(0, at);
        this.greedy = at < 0 ? null : name(segments.get(at).replace("+}", "}"));
        this.after = at < 0 ? List.of() : segments.subList(at + 1, segments.size());
    }

    /** The template as the API document writes it ({@code /files/{file_id}/versions}): the route's name in metrics. */
    String text() {
        return text;
    }

    /** The placeholders' raw values when {@code rawPath} is one of this template's paths. */
    Optional<Map<String, String>> match(String rawPath) {
        Optional<Map<String, String>> exact = matchSegments(rawPath);
        if (exact.isPresent() || rawPath.length() <= 1 || !rawPath.endsWith("/")) {
            return exact;
        }
        return matchSegments(rawPath.substring(0, rawPath.length() - 1));
    }

    private Optional<Map<String, String>> matchSegments(String rawPath) {
        String[] path = rawPath.substring(1).split("/", -1);
        Map<String, String> values = new LinkedHashMap<>();
        if (greedy == null) {
            return path.length == before.size() && matches(before, path, 0, values) ? Optional.of(values)
                    : Optional.empty();
        }
        int middle = path.length - before.size() - after.size();
        if (middle < 1 || !matches(before, path, 0, values) || !matches(after, path, path.length - after.size(),
                values)) {
            return Optional.empty();
        }
        values.put(greedy, String.join("/", Arrays.copyOfRange(path, before.size(), before.size() + middle)));
        return Optional.of(values);
    }

    private static boolean matches(List<String> template, String[] path, int from, Map<String, String> values) {
        for (int i = 0; i < template.size(); i++) {
            String want = template.get(i);
            String got = path[from + i];
            if (want.startsWith("{")) {
                int colon = want.indexOf(':');
                if (got.isEmpty() || (colon > 0 && !got.matches(want.substring(colon + 1, want.length() - 1)))) {
                    return false;
                }
                values.put(name(colon > 0 ? want.substring(0, colon) + "}" : want), got);
            } else if (!want.equals(got)) {
                return false;
            }
        }
        return true;
    }

    private static String name(String placeholder) {
        return placeholder.substring(1, placeholder.length() - 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
