package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.core.OnConflict;
import java.util.Locale;

/**
 * What a write asks for if it loses the race, from its body ({@code "merge": true}, {@code "keep_both": true}, or the
 * same as multipart form fields) or, for any write, the header {@code X-Syncr-On-Conflict: merge, keep-both}.
 */
final class ConflictPolicy {

    static final String HEADER = "X-Syncr-On-Conflict";

    private ConflictPolicy() {
    }

    static OnConflict of(HttpCall call, Boolean merge, Boolean keepBoth) {
        boolean mergeAsked = Boolean.TRUE.equals(merge);
        boolean keepBothAsked = Boolean.TRUE.equals(keepBoth);
        for (String value : call.header(HEADER).orElse("").split(",")) {
            switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "merge" -> mergeAsked = true;
                case "keep-both" -> keepBothAsked = true;
                default -> throw ApiException.badRequest(HEADER + " takes merge and/or keep-both, not '"
                        + HttpCall.abbreviate(value.strip()) + "'");
            }
        }
        return mergeAsked || keepBothAsked ? new OnConflict(mergeAsked, keepBothAsked) : OnConflict.REJECT;
    }

    /** A form field's boolean: {@code true} or {@code false}, nothing else. */
    static Boolean formFlag(String field, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("form field '" + field + "' must be true or false");
        };
    }
}
