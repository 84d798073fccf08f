package dev.syncr.core;

import java.util.Locale;

/** How a conflict is resolved: which side keeps the original name, and whether the conflicted copy goes. */
public enum Keep {
    /** The original stays as it is; the copy is deleted. */
    ORIGINAL,
    /** The copy's content becomes the original's next version; the copy is deleted. */
    COPY,
    /** Both files stay; the conflict is closed. */
    BOTH,
    /** The caller's own merge becomes the original's next version; the copy is deleted. */
    CONTENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Keep parse(String text) {
        for (Keep keep : values()) {
            if (keep.wireName().equals(text)) {
                return keep;
            }
        }
        throw new IllegalArgumentException("keep must be original, copy, both or content, not " + text);
    }

    /** Whether resolving this way deletes the conflicted copy. */
    public boolean dropsCopy() {
        return this != BOTH;
    }
}
