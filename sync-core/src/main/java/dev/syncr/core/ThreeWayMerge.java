package dev.syncr.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A line-based 3-way merge of text: both sides' edits over their common base, or the regions where they overlap.
 * Core defines it (the rules for when to merge live in {@link SyncService}); the server plugs in an implementation
 * over a well-kept diff library.
 */
public interface ThreeWayMerge {

    /** Larger contents are never merged: kept both instead (a merge holds all three in memory). */
    int MAX_BYTES = 4 * 1024 * 1024;

    /** Merges {@code head}'s and {@code incoming}'s changes to {@code base}; all three are mergeable text. */
    Result merge(byte[] base, byte[] head, byte[] incoming);

    /** How a merge came out. */
    sealed interface Result {
    }

    /** Both sides' edits, in one content. */
    record Clean(byte[] merged) implements Result {
    }

    /** Edits on the same or adjacent lines: which lines of the base both sides changed. */
    record Overlapping(List<LineRange> regions) implements Result {
    }

    /** Lines {@code from} to {@code to} of the base, 1-based and inclusive ({@code to < from}: an insert there). */
    record LineRange(int from, int to) {
    }

    /**
     * Text by git's rule (no NUL byte in the first 8000) and valid UTF-8 throughout: anything else is binary and is
     * never merged.
     */
    static boolean isText(byte[] content) {
        for (int i = 0; i < Math.min(content.length, 8000); i++) {
            if (content[i] == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
