package dev.syncr.client;

import dev.syncr.api.ChunkInfo;
import dev.syncr.api.ChunkQuery;
import dev.syncr.api.ManifestView;
import dev.syncr.api.ManifestWrite;
import dev.syncr.api.MissingChunks;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.OnConflict;
import dev.syncr.core.FileId;
import dev.syncr.core.chunk.ChunkRef;
import dev.syncr.core.chunk.Chunker;
import dev.syncr.core.chunk.Manifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Files moved as content-defined chunks: an upload sends only the chunks the server says this account lacks, a
 * download fetches only the chunks the local copy does not already have; several streams at once both ways. An
 * interrupted transfer resumes by asking again. Memory stays a few chunks (4 MiB at most each) per stream.
 */
final class ChunkedTransfer {

    private static final int MISSING_BATCH = ChunkQuery.MAX_HASHES;
    /** A manifest commit that names chunks lost meanwhile (say, reclaimed) is retried this often. */
    private static final int COMMIT_ATTEMPTS = 3;

    private final SyncClient client;
    private final TransferOptions options;

    ChunkedTransfer(SyncClient client, TransferOptions options) {
        this.client = client;
        this.options = options;
    }

    /** Where a chunk is in a local file, to read it again. */
    private record Located(ChunkRef chunk, long offset, Path file) {
    }

    SyncClient.Sent upload(FileId id, long expectedVersion, Path file, OnConflict onConflict, String knownHash)
            throws IOException {
        List<Located> located = new ArrayList<>();
        Manifest manifest;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = in.readNBytes(ContentRef.INLINE_MAX_BYTES + 1);
            if (first.length <= ContentRef.INLINE_MAX_BYTES) {
                String hash = ContentHash.of(first);
                return new SyncClient.Sent(uploadSmall(id, expectedVersion, first, hash, onConflict), hash);
            }
            // a large file: its first bytes, already read, and the rest of the same read
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(first), in);
            if (expectedVersion == 0) {
                manifest = cutAndSend(whole, file, located, knownHash);
            } else {
                Chunker.Sink sink = (chunk, offset, data, from) -> located.add(new Located(chunk, offset, file));
                manifest = knownHash == null ? Chunker.chunk(whole, sink) : Chunker.chunk(whole, sink, knownHash);
            }
        }
        Map<String, Located> byHash = new HashMap<>();
        located.forEach(l -> byHash.putIfAbsent(l.chunk().hash(), l));
        if (expectedVersion != 0) {
            List<String> missing = missing(new ArrayList<>(byHash.keySet()));
            options.listener().started(missing.stream().mapToLong(h -> byHash.get(h).chunk().size()).sum());
            send(file, missing, byHash);
            options.listener().finished();
        }
        byte[] body = SyncClient.body(new ManifestWrite(manifest.chunks().stream()
                .map(c -> new ChunkInfo(c.hash(), c.size())).toList(), manifest.contentHash(), manifest.size(),
                expectedVersion, SyncClient.flag(onConflict.merge()), SyncClient.flag(onConflict.keepBoth())));
        for (int attempt = 1; ; attempt++) {
            try {
                return new SyncClient.Sent(client.write(id, () -> client.request(SyncClient.filePath(id) + "/manifest")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))),
                        manifest.contentHash());
            } catch (RequestRejectedException e) {
                if (!"missing_chunks".equals(e.error()) || attempt == COMMIT_ATTEMPTS) {
                    throw e;
                }
                send(file, missing(new ArrayList<>(byHash.keySet())), byHash);
            }
        }
    }

    /** Chunks asked about and sent together while the rest of a new file is still being cut. */
    private static final int SEND_GROUP = 16;

    /**
     * A new file: its chunks go up while the rest of it is still being cut, a group at a time (the server is asked
     * which of the group it lacks, then those are sent), several groups at once, so cutting, hashing and sending
     * overlap instead of following one another. The listener hears the file's size (a new file's content is mostly
     * new) and every chunk's bytes, sent or found there already.
     */
    private Manifest cutAndSend(InputStream content, Path file, List<Located> located, String knownHash)
            throws IOException {
        options.listener().started(Files.size(file));
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Future<?>> groups = new ArrayList<>();
        Manifest manifest;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ExecutorService streams = Executors.newFixedThreadPool(options.streams(), Thread.ofVirtual().factory())) {
            List<Located> group = new ArrayList<>();
            Chunker.Sink sink = (chunk, offset, data, from) -> {
                Located at = new Located(chunk, offset, file);
                located.add(at);
                if (!seen.add(chunk.hash())) {
                    options.listener().moved(chunk.size()); // a repeat within the file: sent once
                    return;
                }
                group.add(at);
                if (group.size() == SEND_GROUP) {
                    List<Located> full = List.copyOf(group);
                    group.clear();
                    groups.add(streams.submit(() -> sendGroup(channel, full)));
                }
            };
            manifest = knownHash == null ? Chunker.chunk(content, sink) : Chunker.chunk(content, sink, knownHash);
            if (!group.isEmpty()) {
                List<Located> last = List.copyOf(group);
                groups.add(streams.submit(() -> sendGroup(channel, last)));
            }
            for (Future<?> f : groups) {
                await(f);
            }
        }
        options.listener().finished();
        return manifest;
    }

    private Void sendGroup(FileChannel channel, List<Located> group) throws IOException {
        java.util.Set<String> lacking = new java.util.HashSet<>(missing(group.stream().map(l -> l.chunk().hash())
                .toList()));
        for (Located at : group) {
            if (lacking.contains(at.chunk().hash())) {
                sendChunk(channel, at);
            } else {
                options.listener().moved(at.chunk().size());
            }
        }
        return null;
    }

    private void sendChunk(FileChannel channel, Located at) throws IOException {
        String hash = at.chunk().hash();
        byte[] bytes = readFully(channel, at.offset(), at.chunk().size());
        HttpResponse<String> response = client.transport().send(() -> client.request("chunks/" + hash)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw client.refusal(response);
        }
        options.listener().moved(bytes.length);
        FreezePoint.reach(FreezePoint.CHUNK_SENT);
    }

    /** Which of these chunks the server still needs from this account. */
    private List<String> missing(List<String> hashes) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < hashes.size(); i += MISSING_BATCH) {
            byte[] query = SyncClient.body(new ChunkQuery(hashes.subList(i, Math.min(hashes.size(), i + MISSING_BATCH))));
            missing.addAll(SyncClient.ok(client.transport().send(() -> client.request("chunks/missing")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(query)),
                    HttpResponse.BodyHandlers.ofString()), MissingChunks.class).missing());
        }
        return missing;
    }

    /** The server keeps a few KiB with their version: one request, with nothing to chunk or to ask about. */
    private WriteResult uploadSmall(FileId id, long expectedVersion, byte[] content, String hash,
                                    OnConflict onConflict) {
        options.listener().started(content.length);
        WriteResult result = client.upload(Upload.of(id, expectedVersion, () -> new ByteArrayInputStream(content))
                .withLength(content.length).withHash(hash).on(onConflict));
        options.listener().moved(content.length);
        options.listener().finished();
        return result;
    }

    private void send(Path file, List<String> hashes, Map<String, Located> byHash) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ExecutorService streams = Executors.newFixedThreadPool(options.streams(), Thread.ofVirtual().factory())) {
            List<Future<?>> sent = new ArrayList<>();
            for (String hash : hashes) {
                Located at = byHash.get(hash);
                sent.add(streams.submit(() -> {
                    sendChunk(channel, at);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                await(f);
            }
        }
    }

    /**
     * Downloads the head into {@code target}, reusing the chunks {@code target} already holds, through a temporary
     * file renamed into place once complete and verified. Empty when there is no such (live) file.
     */
    Optional<RemoteFile> download(FileId id, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        FilePlacement.Expected seen = FilePlacement.Expected.of(target);
        Path temp = Files.createTempFile(parent, ".syncr-download-", ".part");
        try {
            Optional<RemoteFile> got = download(id, temp, target, size -> List.of());
            if (got.isPresent() && FilePlacement.place(temp, target, seen) instanceof FilePlacement.TargetChanged) {
                throw new TargetChangedException(target);
            }
            return got;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes the head into {@code into} (replacing what it holds), taking every chunk that {@code reuse}, or a file
     * {@code sameSize} offers for the head's size (a copy or a rename, likely), already holds from there and fetching
     * only the rest; the whole is verified and flushed to disk before this returns.
     */
    Optional<RemoteFile> download(FileId id, Path into, Path reuse, LongFunction<List<Path>> sameSize)
            throws IOException {
        HttpResponse<String> response = client.transport().send(() -> client.request(SyncClient.filePath(id)
                + "/manifest").GET(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        ManifestView view = SyncClient.ok(response, ManifestView.class);
        if (!view.chunked()) {
            try (OutputStream out = Files.newOutputStream(into)) { // stored before chunks existed: whole
                return client.download(id, out);
            }
        }
        Map<String, Located> local = localChunks(reuse);
        if (heldBytes(view, local) < view.sizeBytes() / 2) {
            // the file's own copy gives little: a rename or a copy, likely, so files of its size may hold it. Each
            // that shares an end with it costs a whole read, which an edit (its own copy holds most of it) never pays
            for (Path candidate : sameSize.apply(view.sizeBytes())) {
                if (heldBytes(view, local) == view.sizeBytes()) {
                    break;
                }
                if (!candidate.equals(reuse) && sharesAnEnd(candidate, view)) {
                    localChunks(candidate).forEach(local::putIfAbsent);
                }
            }
        }
        if (view.chunks().stream().noneMatch(c -> local.containsKey(c.hash()))) {
            // nothing to reuse: one stream moves a whole file faster than a request per chunk
            options.listener().started(view.sizeBytes());
            try (OutputStream out = new java.io.FilterOutputStream(Files.newOutputStream(into)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    options.listener().moved(len);
                }
            }) {
                Optional<RemoteFile> got = client.download(id, out);
                options.listener().finished();
                return got;
            } finally {
                try (FileChannel written = FileChannel.open(into, StandardOpenOption.WRITE)) {
                    written.force(true);
                }
            }
        }
        options.listener().started(view.chunks().stream().filter(c -> !local.containsKey(c.hash()))
                .mapToLong(ChunkInfo::size).sum());
        try (ExecutorService streams = Executors.newFixedThreadPool(options.streams(), Thread.ofVirtual().factory())) {
            ContentCheck whole = new ContentCheck(view.contentHash(), view.crc32c()); // the file as reassembled
            Map<Path, FileChannel> sources = new HashMap<>();
            try (FileChannel out = FileChannel.open(into, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                List<ChunkInfo> chunks = view.chunks();
                Map<Integer, Future<byte[]>> fetching = new HashMap<>();
                int ahead = 0;
                for (int i = 0; i < chunks.size(); i++) {
                    // keep up to `streams` fetches of the next chunks that are not here in flight, in order
                    for (ahead = Math.max(ahead, i); ahead < chunks.size() && fetching.size() < options.streams();
                         ahead++) {
                        ChunkInfo next = chunks.get(ahead);
                        if (!local.containsKey(next.hash())) {
                            fetching.put(ahead, streams.submit(() -> fetch(next)));
                        }
                    }
                    ChunkInfo chunk = chunks.get(i);
                    Located here = local.get(chunk.hash());
                    byte[] bytes = here != null
                            ? readFully(source(sources, here.file()), here.offset(), chunk.size())
                            : await(fetching.remove(i));
                    whole.update(bytes, 0, bytes.length);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                }
                out.force(true);
            } finally {
                for (FileChannel source : sources.values()) {
                    source.close();
                }
            }
            options.listener().finished();
            String hash = whole.verify("download of " + id + " does not match the server's content (a local copy "
                    + "changed while it was read, or the server's storage is damaged)");
            return Optional.of(new RemoteFile(id, view.version(), hash, view.sizeBytes(), false, null, null));
        }
    }

    /**
     * Whether {@code candidate} begins or ends with the content's first or last chunk: read whole only then. A copy or
     * a rename of the content does (an edit in one place leaves the other end as it was); another file that merely
     * has the same size (recordings, images, disk files often do) does not, and costs a few MiB to rule out instead of
     * a read of all of it.
     */
    static boolean sharesAnEnd(Path candidate, ManifestView view) {
        List<ChunkInfo> chunks = view.chunks();
        if (chunks.isEmpty()) {
            return false;
        }
        try (FileChannel in = FileChannel.open(candidate, StandardOpenOption.READ)) {
            long size = in.size();
            ChunkInfo first = chunks.get(0);
            ChunkInfo last = chunks.get(chunks.size() - 1);
            return size >= first.size() && ContentHash.of(readFully(in, 0, first.size())).equals(first.hash())
                    || size >= last.size() && ContentHash.of(readFully(in, size - last.size(), last.size()))
                    .equals(last.hash());
        } catch (IOException goneOrChanging) {
            return false; // not a source to count on
        }
    }

    private static FileChannel source(Map<Path, FileChannel> open, Path file) throws IOException {
        FileChannel channel = open.get(file);
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            open.put(file, channel);
        }
        return channel;
    }

    /** How many bytes of the content the chunks found locally so far cover. */
    private static long heldBytes(ManifestView view, Map<String, Located> local) {
        return view.chunks().stream().filter(c -> local.containsKey(c.hash())).mapToLong(ChunkInfo::size).sum();
    }

    /** The chunks a local copy already holds, by hash. */
    private static Map<String, Located> localChunks(Path file) throws IOException {
        Map<String, Located> chunks = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return chunks;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Chunker.cut(in, (chunk, offset, data, from) -> chunks.putIfAbsent(chunk.hash(),
                    new Located(chunk, offset, file)));
        }
        return chunks;
    }

    private byte[] fetch(ChunkInfo chunk) throws IOException {
        HttpResponse<InputStream> response = client.transport().send(() -> client.request("chunks/" + chunk.hash())
                .GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("chunk " + chunk.hash() + ": HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(chunk.size() + 1);
            if (bytes.length != chunk.size() || !ContentHash.of(bytes).equals(chunk.hash())) {
                throw new IOException("chunk " + chunk.hash() + " was damaged in transit");
            }
            options.listener().moved(bytes.length);
            return bytes;
        }
    }

    private static byte[] readFully(FileChannel channel, long offset, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("the file got shorter while it was being sent");
            }
        }
        return buffer.array();
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }
}
