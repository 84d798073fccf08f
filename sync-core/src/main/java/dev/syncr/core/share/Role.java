package dev.syncr.core.share;

import java.util.Locale;

/** What a member may do in a shared folder. */
public enum Role {
    /** Reads: lists, downloads, history, the feed. */
    VIEWER,
    /** Reads and writes: creates, edits, deletes, restores, renames and moves inside the folder. */
    EDITOR,
    /** As an editor, and manages the folder's members and links. */
    OWNER;

    public boolean writes() {
        return this != VIEWER;
    }

    /** The API's word: {@code viewer}, {@code editor}, {@code owner}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role a member can be given: viewer or editor (a folder has one owner, the one who shared it). */
    public static Role member(String wireName) {
        return switch (wireName == null ? "" : wireName.strip().toLowerCase(Locale.ROOT)) {
            case "viewer" -> VIEWER;
            case "editor" -> EDITOR;
            default -> throw new IllegalArgumentException("a member's role is viewer or editor, not '" + wireName
                    + "'");
        };
    }

    public static Role ofWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
