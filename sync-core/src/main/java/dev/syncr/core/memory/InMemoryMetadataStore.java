package dev.syncr.core.memory;

import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Metadata in memory, for tests and embedding. One monitor makes each commit atomic and keeps the change feed in
 * commit order; reads take it too, since they are cheap and correctness here matters more than read scaling.
 */
public final class InMemoryMetadataStore implements MetadataStore {

    private final Map<FileId, List<FileVersion>> histories = new HashMap<>();
    private final TreeMap<FileId, FileVersion> heads = new TreeMap<>();
    private final List<Change> feed = new ArrayList<>();

    @Override
    public synchronized Optional<FileVersion> head(FileId id) {
        return Optional.ofNullable(heads.get(id));
    }

    @Override
    public synchronized List<FileVersion> list() {
        return List.copyOf(heads.values());
    }

    @Override
    public synchronized List<FileVersion> history(FileId id) {
        List<FileVersion> versions = new ArrayList<>(histories.getOrDefault(id, List.of()));
        return versions.reversed();
    }

    @Override
    public synchronized Optional<FileVersion> version(FileId id, long version) {
        List<FileVersion> versions = histories.getOrDefault(id, List.of());
        if (version < 1 || version > versions.size()) {
            return Optional.empty();
        }
        return Optional.of(versions.get((int) version - 1));
    }

    @Override
    public synchronized CommitResult commit(CommitRequest request) {
        FileVersion head = heads.get(request.id());
        long current = head == null ? 0 : head.version();
        if (current != request.expectedVersion()) {
            return new CommitResult.Conflict(Optional.ofNullable(head));
        }
        FileVersion version = request.asVersion();
        histories.computeIfAbsent(request.id(), id -> new ArrayList<>()).add(version);
        heads.put(request.id(), version);
        feed.add(new Change(feed.size() + 1, version));
        return new CommitResult.Committed(version);
    }

    @Override
    public synchronized ChangePage changes(long cursor, int limit) {
        int from = (int) Math.max(0, Math.min(cursor, feed.size()));
        int to = Math.min(feed.size(), from + Math.max(limit, 0));
        List<Change> page = List.copyOf(feed.subList(from, to));
        return new ChangePage(page, Math.max(cursor, to), to < feed.size());
    }

    @Override
    public synchronized long latestCursor() {
        return feed.size();
    }

}
