package dev.syncr.client.folder;

import dev.syncr.client.ConflictHandler;
import dev.syncr.client.FilePlacement;
import dev.syncr.client.FreezePoint;
import dev.syncr.client.LocalFiles;
import dev.syncr.client.ModifiedTimes;
import dev.syncr.client.RemoteFile;
import dev.syncr.client.RequestRejectedException;
import dev.syncr.client.SyncClient;
import dev.syncr.client.TransferOptions;
import dev.syncr.client.WriteResult;
import dev.syncr.client.folder.Trees.LocalEntry;
import dev.syncr.client.folder.Trees.SyncedEntry;
import dev.syncr.core.ConflictNames;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a plan against the disk and the server. Every operation re-checks what it is about to overwrite or
 * delete (the disk may have changed since the scan) and skips rather than guess; the next pass re-plans from
 * fresh trees. The synced tree is updated after each completed operation, and only once the file it describes is
 * durably in place ({@link FilePlacement}), so a crash loses at most the operation in flight, and re-running it is
 * harmless.
 */
final class PlanExecutor implements LocalFiles {

    private final Path root;
    private final SyncClient client;
    private final SyncState state;
    private final Map<FileId, LocalEntry> scanned;
    /** When the scan began: its stats were read after this (see {@link ModifiedTimes#racy}). */
    private final long scannedAtMillis;
    /** The server's heads as the plan saw them: what a download will fetch, and its size. */
    private final Map<FileId, Trees.RemoteEntry> remote;
    private final ConflictHandler conflictHandler;
    private final Path tmp;

    int uploaded;
    int downloaded;
    int deletedLocally;
    int deletedRemotely;
    int conflicts;
    int merged;
    final List<String> skipped = new ArrayList<>();

    PlanExecutor(Path root, SyncClient client, SyncState state, Map<FileId, LocalEntry> scanned, long scannedAtMillis,
                 Map<FileId, Trees.RemoteEntry> remote, ConflictHandler conflictHandler) throws IOException {
        this.scannedAtMillis = scannedAtMillis;
        this.root = root;
        this.remote = remote;
        this.client = client;
        this.state = state;
        this.scanned = scanned;
        this.conflictHandler = conflictHandler;
        this.tmp = root.resolve(IgnoreRules.STATE_DIR).resolve("tmp");
        Files.createDirectories(tmp);
    }

    /** Files up to this size go in batches when there are several to upload: one request and commit for many. */
    static final int BATCHED_FILE_BYTES = 64 * 1024;
    private static final int BATCH_FILES = 1000;
    private static final int BATCH_BYTES = 8 * 1024 * 1024;

    /**
     * Carries out a whole plan: new and edited small files first, in batches (a first sync of a folder of small files
     * is then a few requests, not one per file), then every other operation one by one. A file whose batched write
     * conflicts is sent again alone, so the conflict is handled as always.
     */
    void runAll(List<Operation> plan) throws IOException {
        List<Operation.Upload> small = new ArrayList<>();
        List<Operation.Download> smallDownloads = new ArrayList<>();
        List<Operation> rest = new ArrayList<>();
        for (Operation op : plan) {
            LocalEntry seen = scanned.get(op.id());
            Trees.RemoteEntry there = remote.get(op.id());
            if (op instanceof Operation.Upload u && seen != null && seen.size() <= BATCHED_FILE_BYTES) {
                small.add(u);
            } else if (op instanceof Operation.Download d && there != null && there.version() == d.version()
                    && there.size() <= BATCHED_DOWNLOAD_BYTES) {
                smallDownloads.add(d);
            } else {
                rest.add(op);
            }
        }
        if (small.size() < 2) {
            rest.addAll(0, small);
        } else {
            rest.addAll(0, uploadInBatches(small));
        }
        for (Operation op : rest) {
            run(op);
        }
        // after the rest, as the plan had them: a local delete that clears a name a download needs comes first
        List<Operation> downloadsAlone = smallDownloads.size() < 2 ? List.copyOf(smallDownloads)
                : downloadInBatches(smallDownloads);
        for (Operation op : downloadsAlone) {
            run(op);
        }
    }

    /** Uploads small files in batches; returns the uploads to retry alone (their batched write conflicted). */
    private List<Operation> uploadInBatches(List<Operation.Upload> uploads) throws IOException {
        List<Operation> alone = new ArrayList<>();
        List<SyncClient.BatchFile> batch = new ArrayList<>();
        List<BasicFileAttributes> stats = new ArrayList<>();
        long bytes = 0;
        long seenAt = System.currentTimeMillis(); // before the batch's first stat
        for (int i = 0; i < uploads.size(); i++) {
            Operation.Upload upload = uploads.get(i);
            Path file = path(upload.id());
            try {
                BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
                byte[] content = Files.readAllBytes(file);
                batch.add(new SyncClient.BatchFile(upload.id(), upload.expectedVersion(), content));
                stats.add(before);
                bytes += content.length;
            } catch (NoSuchFileException gone) {
                skipped.add(upload.id() + ": gone before upload");
            }
            boolean last = i == uploads.size() - 1;
            if (!batch.isEmpty() && (last || batch.size() == BATCH_FILES || bytes >= BATCH_BYTES)) {
                List<WriteResult> results = client.putBatch(batch);
                Map<FileId, SyncedEntry> agreed = new java.util.LinkedHashMap<>();
                for (int k = 0; k < results.size(); k++) {
                    SyncClient.BatchFile sent = batch.get(k);
                    FileId id = sent.id();
                    BasicFileAttributes before = stats.get(k);
                    switch (results.get(k)) {
                        case WriteResult.Committed c -> {
                            uploaded++;
                            agreed.put(id, new SyncedEntry(c.version(), c.contentHash(), before.size(),
                                    before.lastModifiedTime().toMillis()));
                        }
                        // a head other than what was sent (the edit merged there): the upload alone brings it down
                        case WriteResult.Unchanged u when u.contentHash().equals(ContentHash.of(sent.content())) ->
                                agreed.put(id, new SyncedEntry(u.version(), u.contentHash(), before.size(),
                                        before.lastModifiedTime().toMillis()));
                        default -> alone.add(new Operation.Upload(id, sent.expectedVersion()));
                    }
                }
                state.agreeAll(agreed, seenAt); // one transaction for the batch: the state's fsync once, not per file
                batch.clear();
                stats.clear();
                bytes = 0;
                seenAt = System.currentTimeMillis();
            }
        }
        return alone;
    }

    /** Files up to this size come down in batches: one request for many, placed and recorded together. */
    static final long BATCHED_DOWNLOAD_BYTES = 256 * 1024;
    private static final int DOWNLOAD_BATCH_BYTES = 16 * 1024 * 1024;

    /**
     * Downloads small files in batches ({@code POST /batch/download}): each file is checked against its hash as it
     * arrives and written to a temp file and flushed meanwhile; then the batch is placed together (each target
     * re-checked and renamed, each folder flushed once) and recorded in the state in one transaction. One batch is
     * placed and recorded while the next one arrives, so the network and the disk work at once (two batches in
     * memory at most). Returns the downloads to run alone: the files the server did not send (changed or deleted
     * meanwhile, or grown), or a batch that failed on the way.
     */
    private List<Operation> downloadInBatches(List<Operation.Download> downloads) throws IOException {
        List<Operation> alone = new ArrayList<>();
        java.util.concurrent.ExecutorService placer = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<List<Operation>> placing = null;
        try {
            List<Operation.Download> batch = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < downloads.size(); i++) {
                Operation.Download d = downloads.get(i);
                batch.add(d);
                bytes += remote.get(d.id()).size();
                boolean last = i == downloads.size() - 1;
                if (last || batch.size() == BATCH_FILES || bytes >= DOWNLOAD_BATCH_BYTES) {
                    Arrived arrived = receive(batch);
                    if (placing != null) {
                        java.util.concurrent.Future<List<Operation>> before = placing;
                        placing = null;
                        try {
                            alone.addAll(outcome(before));
                        } catch (IOException | RuntimeException failed) {
                            try {
                                arrived.placement().close(); // its temp files go; nothing of it was placed
                            } catch (IOException e) {
                                failed.addSuppressed(e);
                            }
                            throw failed;
                        }
                    }
                    placing = placer.submit(() -> placeAndRecord(arrived));
                    batch = new ArrayList<>();
                    bytes = 0;
                }
            }
            if (placing != null) {
                alone.addAll(outcome(placing));
                placing = null;
            }
        } finally {
            placer.shutdown();
            if (placing != null) { // a receive failed: the batch before it is still placed, whole, before we go on
                try {
                    placing.get();
                } catch (java.util.concurrent.ExecutionException | InterruptedException ignored) {
                    // the failure that brought us here is the one reported
                }
            }
        }
        return alone;
    }

    /** A batch as it arrived: its files being written to temp files, and those to fetch alone. */
    private record Arrived(FilePlacement.Batch placement, List<SyncClient.Fetched> files, List<Operation> alone,
                           Map<FileId, Operation.Download> byId) {
    }

    private Arrived receive(List<Operation.Download> batch) {
        Map<FileId, Operation.Download> byId = new java.util.LinkedHashMap<>();
        batch.forEach(d -> byId.put(d.id(), d));
        List<Operation> alone = new ArrayList<>();
        List<SyncClient.Fetched> arrived = new ArrayList<>();
        FilePlacement.Batch placement = new FilePlacement.Batch(tmp);
        try {
            client.getBatch(batch.stream().map(d -> new SyncClient.Wanted(d.id(), d.version())).toList(), file -> {
                Operation.Download d = byId.get(file.id());
                if (file.bytes() == null || !file.contentHash().equals(d.hash())) {
                    alone.add(d); // not sent, or not what the plan expected: fetched alone, as ever
                    return;
                }
                LocalEntry seen = scanned.get(d.id());
                placement.add(file.bytes(), path(d.id()), seen == null
                        ? FilePlacement.Expected.ABSENT
                        : new FilePlacement.Expected.Holding(seen.hash(), seen.size(), seen.modifiedMillis(),
                        scannedAtMillis));
                arrived.add(file);
            });
        } catch (IOException | RuntimeException cut) {
            // the answer broke off: what arrived whole is placed; the rest is fetched alone
            java.util.Set<FileId> done = new java.util.HashSet<>();
            arrived.forEach(f -> done.add(f.id()));
            alone.forEach(op -> done.add(op.id()));
            batch.stream().filter(d -> !done.contains(d.id())).forEach(alone::add);
        }
        return new Arrived(placement, arrived, alone, byId);
    }

    private List<Operation> placeAndRecord(Arrived batch) throws IOException {
        List<Operation> alone = new ArrayList<>(batch.alone());
        try (FilePlacement.Batch placement = batch.placement()) {
            List<FilePlacement.Placement> placed;
            try {
                placed = placement.place();
            } catch (IOException blocked) {
                // a name taken by a folder, a full disk: each file again alone, which says why for itself
                batch.files().forEach(f -> alone.add(batch.byId().get(f.id())));
                return alone;
            }
            Map<FileId, SyncedEntry> agreed = new java.util.LinkedHashMap<>();
            long seenAt = System.currentTimeMillis(); // before their stats below
            for (int k = 0; k < placed.size(); k++) {
                SyncClient.Fetched file = batch.files().get(k);
                if (placed.get(k) instanceof FilePlacement.TargetChanged) {
                    skipped.add(file.id() + ": saved here during the download; kept, and sent next pass");
                    continue;
                }
                BasicFileAttributes now = Files.readAttributes(path(file.id()), BasicFileAttributes.class);
                agreed.put(file.id(), new SyncedEntry(file.version(), file.contentHash(), now.size(),
                        now.lastModifiedTime().toMillis()));
                downloaded++;
            }
            state.agreeAll(agreed, seenAt); // one transaction for the batch, after every file is durably in place
        }
        return alone;
    }

    private static List<Operation> outcome(java.util.concurrent.Future<List<Operation>> placing) throws IOException {
        try {
            return placing.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while placing downloads");
        }
    }

    void run(Operation op) throws IOException {
        try {
            switch (op) {
                case Operation.Upload u -> upload(u.id(), u.expectedVersion());
                case Operation.Download d -> download(d.id());
                case Operation.KeepLocalCopy k -> keepLocalCopy(k);
                case Operation.DeleteRemote d -> deleteRemote(d);
                case Operation.DeleteLocal d -> deleteLocal(d);
                case Operation.Reconcile r -> upload(r.id(), r.baseVersion());
                case Operation.Agree a -> agree(a.id(), a.version(), a.hash());
                case Operation.Forget f -> state.forget(f.id());
            }
        } catch (RequestRejectedException e) {
            if (!"hash_mismatch".equals(e.error())) {
                throw e;
            }
            skipped.add(op.id() + ": changed while it was being uploaded; will retry");
        }
    }

    // ---- LocalFiles: what the conflict engine writes through -----------------------------------------------------

    /**
     * Where {@code id} lives under the root. The planner leaves alone every id this file system cannot hold; this is
     * the last guard that no id (an absolute {@code C:/x} on Windows, say) ever resolves outside the folder.
     */
    @Override
    public Path path(FileId id) {
        Path path = root.resolve(id.value()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("file id " + id + " resolves outside the synced folder");
        }
        return path;
    }

    /** Records agreement with the file as it is on disk now (it was just written or sent). */
    @Override
    public void synced(FileId id, long version, String hash) throws IOException {
        long seenAt = System.currentTimeMillis();
        BasicFileAttributes now = Files.readAttributes(path(id), BasicFileAttributes.class);
        state.agree(id, new SyncedEntry(version, hash, now.size(), now.lastModifiedTime().toMillis()), seenAt);
    }

    @Override
    public Path workFolder() {
        return tmp;
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    /**
     * Sends the local file based on {@code expected}. If that loses a race the server merges it or keeps both (as the
     * conflict handler asks) and the handler brings the folder in line.
     */
    private void upload(FileId id, long expected) throws IOException {
        Path file = path(id);
        BasicFileAttributes before;
        long seenAt = System.currentTimeMillis();
        try {
            before = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException gone) {
            skipped.add(id + ": gone before upload");
            return;
        }
        LocalEntry seen = scanned.get(id);
        // The scan's hash still describes the file if its stat is the one the scan read, and that stat was not racy
        // then (an edit since would show in it): the upload claims it rather than hash every byte again. A change
        // during the upload makes the server refuse the claim (hash_mismatch, below), and the record made here is
        // of the stat before the upload, so the next scan sees any change that came later. (A new file nobody else
        // has was not hashed by the scan: the upload hashes it as it sends it.)
        boolean asScanned = seen != null && seen.hash() != null && seen.size() == before.size()
                && seen.modifiedMillis() == before.lastModifiedTime().toMillis()
                && !ModifiedTimes.racy(seen.modifiedMillis(), scannedAtMillis);
        // only the chunks the server lacks travel
        SyncClient.Sent upload = client.sendFile(id, expected, file, TransferOptions.DEFAULT,
                conflictHandler.policy(), asScanned ? seen.hash() : null);
        WriteResult result = upload.result();
        String sent = upload.contentHash();
        switch (result) {
            case WriteResult.Committed c -> {
                uploaded++;
                state.agree(id, new SyncedEntry(c.version(), c.contentHash(), before.size(),
                        before.lastModifiedTime().toMillis()), seenAt);
            }
            case WriteResult.Unchanged u when u.contentHash().equals(sent) -> state.agree(id, new SyncedEntry(
                    u.version(), u.contentHash(), before.size(), before.lastModifiedTime().toMillis()), seenAt);
            // the head holds the edit merged with others (say, a merge whose answer was lost): it comes down
            case WriteResult.Unchanged u -> {
                downloaded++;
                conflictHandler.settle(client, this, id, sent, u);
            }
            case WriteResult.Merged m -> {
                uploaded++;
                merged++;
                conflictHandler.settle(client, this, id, sent, m);
            }
            case WriteResult.KeptBoth k -> {
                uploaded++;
                conflicts++;
                conflictHandler.settle(client, this, id, sent, k);
            }
            case WriteResult.Conflict c -> skipped.add(id + ": changed on the server meanwhile; will retry");
            case WriteResult.NotFound n -> skipped.add(id + ": " + n.message());
        }
    }

    /**
     * Downloads the head into place, unless the local file is no longer what the scan saw (saved during the
     * download): then it is kept, and the next pass treats it as a local edit (merged or kept both if the server's
     * changed too).
     */
    private void download(FileId id) throws IOException {
        Path target = path(id);
        LocalEntry seen = scanned.get(id);
        FilePlacement.Expected expected = seen == null ? FilePlacement.Expected.ABSENT
                : new FilePlacement.Expected.Holding(seen.hash(), seen.size(), seen.modifiedMillis(),
                        scannedAtMillis);
        Path temp = Files.createTempFile(tmp, "download-", ".part");
        try {
            // only the chunks the local copy (the version last synced, usually) does not hold travel
            Optional<RemoteFile> head = client.getFile(id, temp, target, this::filesOfSize);
            if (head.isEmpty()) {
                skipped.add(id + ": deleted on the server meanwhile");
                return;
            }
            FreezePoint.reach(FreezePoint.DOWNLOADED);
            if (FilePlacement.place(temp, target, expected) instanceof FilePlacement.TargetChanged) {
                skipped.add(id + ": saved here during the download; kept, and sent next pass");
                return;
            }
            FreezePoint.reach(FreezePoint.PLACED);
            synced(id, head.get().version(), head.get().contentHash());
            downloaded++;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A local edit in a folder shared to read only: the file moves to a conflicted-copy name beside it (kept here,
     * never uploaded), and the server's version, if any, is fetched into its place.
     */
    private void keepLocalCopy(Operation.KeepLocalCopy op) throws IOException {
        Path original = path(op.id());
        FileId copyId = ConflictNames.conflictedCopy(op.id(), client.clientId(), id -> Files.exists(path(id)));
        Path copy = path(copyId);
        Files.move(original, copy, StandardCopyOption.ATOMIC_MOVE); // beside it: same folder, free name
        scanned.remove(op.id());
        state.forget(op.id());
        skipped.add(op.id() + ": in a folder shared with you to read only; your edit is kept here as " + copyId);
        conflicts++;
        if (op.version() > 0) {
            download(op.id());
        }
    }

    /** Local files of a given size: where the chunks of a copied or renamed file already are. */
    private List<Path> filesOfSize(long size) {
        return scanned.entrySet().stream().filter(e -> e.getValue().size() == size && size > 0)
                .map(e -> path(e.getKey())).filter(Files::isRegularFile).limit(8).toList();
    }

    private void deleteRemote(Operation.DeleteRemote op) throws IOException {
        if (Files.exists(path(op.id()))) {
            skipped.add(op.id() + ": reappeared locally; not deleted");
            return;
        }
        switch (client.delete(op.id(), op.expectedVersion())) {
            case WriteResult.Committed c -> {
                deletedRemotely++;
                state.forget(op.id());
            }
            case WriteResult.Unchanged u -> state.forget(op.id());
            case WriteResult.NotFound n -> state.forget(op.id());
            case WriteResult.Conflict c -> skipped.add(op.id() + ": edited on the server; it will be restored here");
            case WriteResult.Merged m -> throw new IllegalStateException("a delete was merged: " + m);
            case WriteResult.KeptBoth k -> throw new IllegalStateException("a delete was kept: " + k);
        }
    }

    private void deleteLocal(Operation.DeleteLocal op) throws IOException {
        Path file = path(op.id());
        if (Files.exists(file) && !ContentHash.of(file).equals(op.expectedHash())) {
            skipped.add(op.id() + ": edited locally; not deleted");
            return;
        }
        Files.deleteIfExists(file);
        removeEmptyParents(file.getParent());
        state.forget(op.id());
        deletedLocally++;
    }

    private void removeEmptyParents(Path dir) throws IOException {
        while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            }
            dir = dir.getParent();
        }
    }

    /** Records agreement with the stat the scan hashed, so a later edit still looks changed to the next scan. */
    private void agree(FileId id, long version, String hash) throws IOException {
        LocalEntry seen = scanned.get(id);
        state.agree(id, new SyncedEntry(version, hash, seen.size(), seen.modifiedMillis()), scannedAtMillis);
    }
}
