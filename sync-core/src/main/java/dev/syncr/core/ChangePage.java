package dev.syncr.core;

import java.util.List;

/**
 * A page of the change feed.
 *
 * @param cursor  pass this back to read what comes next; equal to the request's cursor when nothing was new
 * @param hasMore whether more changes were already committed past this page
 */
public record ChangePage(List<Change> changes, long cursor, boolean hasMore) {

    public ChangePage {
        changes = List.copyOf(changes);
    }
}
