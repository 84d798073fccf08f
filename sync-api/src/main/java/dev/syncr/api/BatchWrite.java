package dev.syncr.api;

import java.util.List;

/** {@code POST /batch}: up to 1000 small files in one request and one transaction, each with its own outcome. */
public record BatchWrite(List<BatchItem> writes) {

    /** Files one batch may carry. */
    public static final int MAX_WRITES = 1000;

    public BatchWrite {
        if (writes == null) {
            throw InvalidBody.missing("writes", "the files to write");
        }
        if (writes.size() > MAX_WRITES) {
            throw InvalidBody.invalid("a batch carries at most " + MAX_WRITES + " writes, not " + writes.size());
        }
        writes = List.copyOf(writes);
    }
}
