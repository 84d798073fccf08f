package dev.syncr.core.memory;

import dev.syncr.core.BatchResult;
import dev.syncr.core.Change;
import dev.syncr.core.ChangePage;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.ConflictChange;
import dev.syncr.core.ConflictRecord;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.Namespace;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Manifest;
import java.time.Instant;
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
        final String storeId = java.util.UUID.randomUUID().toString();
        final Map<Namespace, Map<FileId, List<FileVersion>>> histories = new HashMap<>();
        final Map<Namespace, TreeMap<FileId, FileVersion>> heads = new HashMap<>();
        /** The one feed: positions are global, each entry remembers its namespace. */
        final List<Map.Entry<Namespace, FileVersion>> feed = new ArrayList<>();
        /** Per namespace: chunk hash → when the hold was last taken or renewed. */
        final Map<Namespace, Map<String, Instant>> heldChunks = new HashMap<>();
        final Map<String, Manifest> manifests = new HashMap<>();
        /** Per namespace: chunk lists of content whose shared manifest has other cut points. */
        final Map<Namespace, Map<String, List<dev.syncr.core.chunk.ChunkRef>>> ownChunkLists = new HashMap<>();
        final Set<String> reclaiming = new HashSet<>();
        /** Inline content by hash, with when a commit last saved it. */
        final Map<String, Map.Entry<byte[], Instant>> inline = new HashMap<>();
        /** Conflict records by id, each with its namespace. */
        final TreeMap<Long, Map.Entry<Namespace, ConflictRecord>> conflicts = new TreeMap<>();
        /** The last file key given out; keys are never given twice. */
        long lastKey;
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
            Map<String, Instant> held = data.heldChunks.getOrDefault(namespace, Map.of());
            Set<String> answer = new HashSet<>();
            for (String hash : hashes) {
                if (held.containsKey(hash)) {
                    answer.add(hash);
                }
            }
            return answer;
        }
    }

    @Override
    public Set<String> holdChunks(Collection<String> hashes, Instant at) {
        synchronized (data) {
            Map<String, Instant> held = data.heldChunks.computeIfAbsent(namespace, n -> new HashMap<>());
            Set<String> fresh = new HashSet<>();
            hashes.forEach(h -> {
                if (held.put(h, at) == null) {
                    fresh.add(h);
                }
            });
            return fresh;
        }
    }

    @Override
    public Set<String> renewChunks(Collection<String> hashes, Instant at) {
        synchronized (data) {
            Map<String, Instant> held = data.heldChunks.getOrDefault(namespace, Map.of());
            Set<String> renewed = new HashSet<>();
            for (String hash : hashes) {
                if (held.containsKey(hash)) {
                    held.put(hash, at);
                    if (!data.reclaiming.contains(hash)) {
                        renewed.add(hash);
                    }
                }
            }
            return renewed;
        }
    }

    @Override
    public Set<String> reclaiming(Collection<String> hashes) {
        synchronized (data) {
            Set<String> answer = new HashSet<>(hashes);
            answer.retainAll(data.reclaiming);
            return answer;
        }
    }

    @Override
    public Set<String> referencedKeys(Collection<String> keys) {
        synchronized (data) {
            Set<String> referenced = new HashSet<>();
            Set<String> wanted = new HashSet<>(keys);
            for (ContentRef content : referencedContentLocked()) {
                if (wanted.contains(content.storageKey())) {
                    referenced.add(content.storageKey());
                }
                if (content.chunked()) {
                    Manifest manifest = data.manifests.get(content.hash());
                    if (manifest != null) {
                        for (ChunkRef chunk : manifest.chunks()) {
                            String key = ContentHash.storageKey(chunk.hash());
                            if (wanted.contains(key)) {
                                referenced.add(key);
                            }
                        }
                    }
                }
            }
            return referenced;
        }
    }

    @Override
    public boolean startReclaim(String hash, Instant staleBefore, Instant at) {
        synchronized (data) {
            if (data.reclaiming.contains(hash)
                    || !referencedKeys(List.of(ContentHash.storageKey(hash))).isEmpty()) {
                return false;
            }
            for (Map<String, Instant> held : data.heldChunks.values()) {
                Instant taken = held.get(hash);
                if (taken != null && !taken.isBefore(staleBefore)) {
                    return false;
                }
            }
            data.heldChunks.values().forEach(held -> held.remove(hash));
            data.reclaiming.add(hash);
            return true;
        }
    }

    @Override
    public void endReclaim(String hash) {
        synchronized (data) {
            data.reclaiming.remove(hash);
        }
    }

    @Override
    public int pruneHistory(Instant before) {
        synchronized (data) {
            int pruned = 0;
            for (var namespace : data.histories.entrySet()) {
                TreeMap<FileId, FileVersion> heads = data.heads.getOrDefault(namespace.getKey(), new TreeMap<>());
                for (var file : namespace.getValue().entrySet()) {
                    long head = heads.containsKey(file.getKey()) ? heads.get(file.getKey()).version() : Long.MAX_VALUE;
                    List<FileVersion> kept = new ArrayList<>();
                    for (FileVersion v : file.getValue()) {
                        if (v.version() < head && v.createdAt().isBefore(before)
                                && !heldByOpenConflict(namespace.getKey(), file.getKey(), v.version())) {
                            pruned++;
                        } else {
                            kept.add(v);
                        }
                    }
                    file.setValue(kept);
                }
            }
            return pruned;
        }
    }

    /** An open conflict keeps the versions it names: its base and winner, and the copy's losing content. */
    private boolean heldByOpenConflict(Namespace in, FileId id, long version) {
        return data.conflicts.values().stream().filter(e -> e.getKey().equals(in) && e.getValue().open())
                .map(Map.Entry::getValue)
                .anyMatch(c -> c.file().equals(id) && (c.baseVersion() == version || c.winnerVersion() == version)
                        || c.copy().equals(id) && c.copyVersion() == version);
    }

    @Override
    public List<ContentRef> referencedContent() {
        synchronized (data) {
            return referencedContentLocked();
        }
    }

    private List<ContentRef> referencedContentLocked() {
        Map<String, ContentRef> distinct = new java.util.LinkedHashMap<>();
        for (Map<FileId, List<FileVersion>> files : data.histories.values()) {
            for (List<FileVersion> versions : files.values()) {
                for (FileVersion v : versions) {
                    if (!v.deleted()) {
                        distinct.putIfAbsent(v.content().storageKey(), v.content());
                    }
                }
            }
        }
        return new ArrayList<>(distinct.values());
    }

    @Override
    public Optional<byte[]> inlineContent(String hash) {
        synchronized (data) {
            return Optional.ofNullable(data.inline.get(hash)).map(e -> e.getKey().clone());
        }
    }

    @Override
    public InlineReclaim reclaimInline(Instant staleBefore, boolean dryRun) {
        synchronized (data) {
            Set<String> referenced = new HashSet<>();
            for (ContentRef content : referencedContentLocked()) {
                if (content.inline()) {
                    referenced.add(content.hash());
                }
            }
            long contents = 0;
            long bytes = 0;
            for (var it = data.inline.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (!referenced.contains(entry.getKey()) && entry.getValue().getValue().isBefore(staleBefore)) {
                    contents++;
                    bytes += entry.getValue().getKey().length;
                    if (!dryRun) {
                        it.remove();
                    }
                }
            }
            return new InlineReclaim(contents, bytes);
        }
    }

    @Override
    public void saveManifest(Manifest manifest) {
        synchronized (data) {
            Manifest saved = data.manifests.putIfAbsent(manifest.contentHash(), manifest);
            if (saved != null && saved.crc32c().isEmpty() && manifest.crc32c().isPresent()) {
                data.manifests.put(manifest.contentHash(), saved.withCrc32c(manifest.crc32c().getAsLong()));
            }
            if (saved != null && !saved.chunks().equals(manifest.chunks())) {
                data.ownChunkLists.computeIfAbsent(namespace, n -> new HashMap<>())
                        .put(manifest.contentHash(), List.copyOf(manifest.chunks()));
            }
        }
    }

    @Override
    public Optional<Manifest> manifest(String contentHash) {
        synchronized (data) {
            return Optional.ofNullable(data.manifests.get(contentHash));
        }
    }

    @Override
    public long usage() {
        synchronized (data) {
            Map<String, Long> distinct = new HashMap<>();
            heads().values().stream().filter(v -> !v.deleted()).forEach(v -> distinct.put(v.hash(), v.size()));
            return distinct.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public int liveFilesWith(String contentHash) {
        synchronized (data) {
            return (int) heads().values().stream().filter(v -> !v.deleted() && v.hash().equals(contentHash)).count();
        }
    }

    @Override
    public Optional<List<dev.syncr.core.chunk.ChunkRef>> ownChunkList(String contentHash) {
        synchronized (data) {
            return Optional.ofNullable(data.ownChunkLists.getOrDefault(namespace, Map.of()).get(contentHash));
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
    public List<FileVersion> list(FileId after, int limit, boolean includeDeleted) {
        synchronized (data) {
            var from = after == null ? heads() : heads().tailMap(after, false);
            return from.values().stream().filter(v -> includeDeleted || !v.deleted()).limit(Math.max(0, limit))
                    .toList();
        }
    }

    @Override
    public List<FileVersion> history(FileId id) {
        synchronized (data) {
            return new ArrayList<>(versions(id)).reversed();
        }
    }

    @Override
    public Optional<FileVersion> renamedFrom(FileId id) {
        synchronized (data) {
            FileVersion head = heads().get(id);
            if (head == null) {
                return Optional.empty();
            }
            // the first version of this life at this name, and its position in the feed
            int first = -1;
            for (int i = 0; i < data.feed.size(); i++) {
                var entry = data.feed.get(i);
                if (entry.getKey().equals(namespace) && entry.getValue().id().equals(id)
                        && entry.getValue().key() == head.key()) {
                    first = i;
                    break;
                }
            }
            for (int i = first - 1; i >= 0; i--) {
                var entry = data.feed.get(i);
                FileVersion v = entry.getValue();
                if (entry.getKey().equals(namespace) && v.key() == head.key() && !v.id().equals(id) && !v.deleted()) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public Optional<FileVersion> version(FileId id, long version) {
        synchronized (data) {
            // by number, not position: retention may have pruned older versions out of the list
            return versions(id).stream().filter(v -> v.version() == version).findFirst();
        }
    }

    @Override
    public CommitResult commit(CommitRequest request) {
        synchronized (data) {
            FileVersion head = heads().get(request.id());
            long current = head == null ? 0 : head.version();
            if (current != request.expectedVersion() || request.editOnly() && head != null
                    && (head.deleted() || head.hash().equals(request.content().hash()))) {
                return new CommitResult.Conflict(Optional.ofNullable(head));
            }
            long key = request.key() != null ? request.key()
                    : head != null && !head.deleted() ? head.key() : ++data.lastKey;
            FileVersion version = request.asVersion(key);
            if (request.inlineBytes() != null) {
                data.inline.put(request.content().hash(), Map.entry(request.inlineBytes().clone(), request.at()));
            }
            data.histories.computeIfAbsent(namespace, n -> new HashMap<>())
                    .computeIfAbsent(request.id(), id -> new ArrayList<>()).add(version);
            heads().put(request.id(), version);
            data.feed.add(Map.entry(namespace, version));
            return new CommitResult.Committed(version);
        }
    }

    @Override
    public boolean touch(FileId id, long version, Instant modifiedAt) {
        synchronized (data) {
            FileVersion head = heads().get(id);
            if (head == null || head.version() != version || head.deleted()) {
                return false;
            }
            FileVersion touched = new FileVersion(id, version, head.content(), head.createdAt(), head.clientId(),
                    head.merge(), head.key(), modifiedAt);
            heads().put(id, touched);
            List<FileVersion> versions = data.histories.get(namespace).get(id);
            versions.replaceAll(v -> v.version() == version ? touched : v);
            return true;
        }
    }

    @Override
    public BatchResult commitAll(List<CommitRequest> commits, ConflictChange change) {
        synchronized (data) {
            if (change instanceof ConflictChange.Close close) {
                var entry = data.conflicts.get(close.id());
                if (entry == null || !entry.getKey().equals(namespace) || !entry.getValue().open()) {
                    return new BatchResult.NotOpen(close.id());
                }
            }
            Map<FileId, Long> after = new HashMap<>(); // the heads as the batch's earlier commits leave them
            for (CommitRequest request : commits) {
                FileVersion head = heads().get(request.id());
                long current = after.getOrDefault(request.id(), head == null ? 0 : head.version());
                if (current != request.expectedVersion()) {
                    return new BatchResult.Conflict(request.id(), Optional.ofNullable(head));
                }
                after.put(request.id(), request.expectedVersion() + 1);
            }
            long firstPosition = data.feed.size() + 1;
            List<FileVersion> versions = new ArrayList<>();
            for (CommitRequest request : commits) {
                versions.add(((CommitResult.Committed) commit(request)).version());
            }
            Optional<ConflictRecord> record = switch (change) {
                case ConflictChange.None none -> Optional.empty();
                case ConflictChange.Open open -> {
                    FileVersion copy = versions.getFirst();
                    ConflictRecord opened = new ConflictRecord(firstPosition, open.file(), open.baseVersion(),
                            open.winnerVersion(), copy.id(), copy.version(), open.clientId(), open.at(), null, null,
                            null);
                    data.conflicts.put(opened.id(), Map.entry(namespace, opened));
                    yield Optional.of(opened);
                }
                case ConflictChange.Close close -> {
                    ConflictRecord closed = data.conflicts.get(close.id()).getValue()
                            .resolved(close.resolution(), close.at(), close.clientId());
                    data.conflicts.put(closed.id(), Map.entry(namespace, closed));
                    yield Optional.of(closed);
                }
            };
            return new BatchResult.Committed(List.copyOf(versions), record);
        }
    }

    @Override
    public List<CommitResult> commitEach(List<CommitRequest> commits) {
        synchronized (data) {
            return commits.stream().map(this::commit).toList();
        }
    }

    @Override
    public List<ConflictRecord> conflicts(boolean includeResolved) {
        synchronized (data) {
            return data.conflicts.descendingMap().values().stream()
                    .filter(e -> e.getKey().equals(namespace) && (includeResolved || e.getValue().open()))
                    .map(Map.Entry::getValue).toList();
        }
    }

    @Override
    public Optional<ConflictRecord> conflict(long id) {
        synchronized (data) {
            var entry = data.conflicts.get(id);
            return entry == null || !entry.getKey().equals(namespace) ? Optional.empty()
                    : Optional.of(entry.getValue());
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
                if (!entry.getKey().equals(namespace) || !versions(entry.getValue().id()).contains(entry.getValue())) {
                    continue; // another namespace's, or pruned from history
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
    public String storeId() {
        return data.storeId;
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
