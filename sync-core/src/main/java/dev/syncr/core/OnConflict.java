package dev.syncr.core;

/**
 * What a write asks the server to do if it loses the race: try a 3-way {@code merge} (text only), and/or
 * {@code keepBoth} — store the content as a conflicted copy with a conflict record. With neither, a lost race is the
 * seed's plain 409 and the client decides.
 */
public record OnConflict(boolean merge, boolean keepBoth) {

    public static final OnConflict REJECT = new OnConflict(false, false);
}
