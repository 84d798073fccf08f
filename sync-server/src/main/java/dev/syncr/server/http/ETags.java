package dev.syncr.server.http;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Entity tags are version numbers: a file's version never repeats, so {@code "3"} names one representation
 * exactly. On writes, {@code If-Match: "3"} is another way to say {@code expected_version = 3}.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Answers 304 (with the tag) when the request's {@code If-None-Match} names this version: the client has it.
     * Returns whether it did, so the caller sends nothing more.
     */
    public static boolean notModified(HttpCall call, long version) throws java.io.IOException {
        Optional<String> ifNoneMatch = call.header("If-None-Match");
        if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), version)) {
            call.responseHeaders().set("ETag", of(version));
            call.respondEmpty(304);
            return true;
        }
        return false;
    }

    /** Whether an {@code If-None-Match} header matches this version (so a 304 can answer). */
    public static boolean matches(String header, long version) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(of(version)) || t.equals("W/" + of(version))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The expected version an {@code If-Match} header asks for; empty for {@code *} (any existing version).
     */
    public static OptionalLong expectedVersion(String header) {
        String t = header.strip();
        if (t.equals("*")) {
            return OptionalLong.empty();
        }
        if (t.startsWith("W/")) {
            throw ApiException.badRequest("If-Match takes a strong entity tag, like \"3\"");
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return OptionalLong.of(HttpCall.parseLong("If-Match", t, 0, Long.MAX_VALUE));
    }
}
