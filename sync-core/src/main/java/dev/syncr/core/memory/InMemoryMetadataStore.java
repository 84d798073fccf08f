package dev.syncr.core.memory;

import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.chunk.Manifest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Metadata in memory, for tests and embedding. One monitor makes each commit atomic and keeps the change feed in
 * commit order; reads take it too, since they are cheap and correctness here matters more than read scaling.
 */
public final class InMemoryMetadataStore implements MetadataStore {

    /** Every namespace's files; views of other namespaces share it (and its monitor). */
    private static final class Data {
        final Map<Namespace, Map<FileId, List<FileVersion>>> histories = new HashMap<>();
        final Map<Namespace, TreeMap<FileId, FileVersion>> heads = new HashMap<>();
        /** The one feed: positions are global, each entry remembers its namespace. */
        final List<Map.Entry<Namespace, FileVersion>> feed = new ArrayList<>();
        final Map<Namespace, Set<String>> heldChunks = new HashMap<>();
        final Map<String, Manifest> manifests = new HashMap<>();
    }

    private final Data data;
    private final Namespace namespace;

    /** A new, empty store, seen in {@link Namespace#LOCAL}. */
    public InMemoryMetadataStore() {
        this(new Data(), Namespace.LOCAL);
    }

    private InMemoryMetadataStore(Data data, Namespace namespace) {
        this.data = data;
        this.namespace = namespace;
    }

    @Override
    public Set<String> heldChunks(Collection<String> hashes) {
        synchronized (data) {
            Set<String> held = data.heldChunks.getOrDefault(namespace, Set.of());
            Set<String> answer = new HashSet<>();
            for (String hash : hashes) {
                if (held.contains(hash)) {
                    answer.add(hash);
                }
            }
            return answer;
        }
    }

    @Override
    public void holdChunks(Collection<String> hashes) {
        synchronized (data) {
            data.heldChunks.computeIfAbsent(namespace, n -> new HashSet<>()).addAll(hashes);
        }
    }

    @Override
    public void saveManifest(Manifest manifest) {
        synchronized (data) {
            data.manifests.putIfAbsent(manifest.contentHash(), manifest);
        }
    }

    @Override
    public Optional<Manifest> manifest(String contentHash) {
        synchronized (data) {
            return Optional.ofNullable(data.manifests.get(contentHash));
        }
    }

    @Override
    public MetadataStore in(Namespace other) {
        return new InMemoryMetadataStore(data, other);
    }

    private TreeMap<FileId, FileVersion> heads() {
        return data.heads.computeIfAbsent(namespace, n -> new TreeMap<>());
    }

    private List<FileVersion> versions(FileId id) {
        return data.histories.computeIfAbsent(namespace, n -> new HashMap<>()).getOrDefault(id, List.of());
    }

    @Override
    public Optional<FileVersion> head(FileId id) {
        synchronized (data) {
            return Optional.ofNullable(heads().get(id));
        }
    }

    @Override
    public List<FileVersion> list() {
        synchronized (data) {
            return List.copyOf(heads().values());
        }
    }

    @Override
    public List<FileVersion> history(FileId id) {
        synchronized (data) {
            return new ArrayList<>(versions(id)).reversed();
        }
    }

    @Override
    public Optional<FileVersion> version(FileId id, long version) {
        synchronized (data) {
            List<FileVersion> versions = versions(id);
            if (version < 1 || version > versions.size()) {
                return Optional.empty();
            }
            return Optional.of(versions.get((int) version - 1));
        }
    }

    @Override
    public CommitResult commit(CommitRequest request) {
        synchronized (data) {
            FileVersion head = heads().get(request.id());
            long current = head == null ? 0 : head.version();
            if (current != request.expectedVersion()) {
                return new CommitResult.Conflict(Optional.ofNullable(head));
            }
            FileVersion version = request.asVersion();
            data.histories.computeIfAbsent(namespace, n -> new HashMap<>())
                    .computeIfAbsent(request.id(), id -> new ArrayList<>()).add(version);
            heads().put(request.id(), version);
            data.feed.add(Map.entry(namespace, version));
            return new CommitResult.Committed(version);
        }
    }

    @Override
    public ChangePage changes(long cursor, int limit) {
        synchronized (data) {
            List<Change> page = new ArrayList<>();
            int position = (int) Math.max(0, Math.min(cursor, data.feed.size()));
            boolean more = false;
            for (; position < data.feed.size(); position++) {
                Map.Entry<Namespace, FileVersion> entry = data.feed.get(position);
                if (!entry.getKey().equals(namespace)) {
                    continue;
                }
                if (page.size() == Math.max(limit, 0)) {
                    more = true;
                    break;
                }
                page.add(new Change(position + 1, entry.getValue()));
            }
            long next = page.isEmpty() ? Math.max(cursor, position) : page.getLast().cursor();
            return new ChangePage(List.copyOf(page), next, more);
        }
    }

    @Override
    public long latestCursor() {
        synchronized (data) {
            for (int position = data.feed.size(); position > 0; position--) {
                if (data.feed.get(position - 1).getKey().equals(namespace)) {
                    return position;
                }
            }
            return 0;
        }
    }
}
