package dev.syncr.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A client's local copies and, for each, the server version it was based on. That base is what makes a later upload
 * safe ({@code expected_version}), so it is persisted in {@code ROOT/.syncr/cache.json} and rewritten atomically:
 * a restarted client still knows what its edits were based on.
 */
public final class LocalCache implements LocalFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The server version (and its hash) a local copy started from. */
    public record Base(long version, String hash) {
    }

    private final Path root;
    private final Path stateFile;
    private final Map<FileId, Base> bases = new TreeMap<>();

    public LocalCache(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.stateFile = this.root.resolve(".syncr").resolve("cache.json");
        Files.createDirectories(stateFile.getParent());
        load();
    }

    public Path root() {
        return root;
    }

    /** Where the local copy of {@code id} lives. {@link FileId} rules out any path that could leave the root. */
    @Override
    public Path path(FileId id) {
        return root.resolve(id.value());
    }

    public synchronized Optional<Base> base(FileId id) {
        return Optional.ofNullable(bases.get(id));
    }

    public synchronized void remember(FileId id, long version, String hash) throws IOException {
        bases.put(id, new Base(version, hash));
        save();
    }

    @Override
    public void synced(FileId id, long version, String hash) throws IOException {
        remember(id, version, hash);
    }

    @Override
    public Path workFolder() throws IOException {
        return Files.createDirectories(stateFile.getParent().resolve("tmp"));
    }

    public synchronized void forget(FileId id) throws IOException {
        bases.remove(id);
        save();
    }

    public boolean exists(FileId id) {
        return Files.isRegularFile(path(id));
    }

    public String readText(FileId id) throws IOException {
        return Files.readString(path(id), StandardCharsets.UTF_8);
    }

    /** Writes a local copy atomically and durably (see {@link FilePlacement}): never half a file. */
    public void writeText(FileId id, String content) throws IOException {
        // the cache is this client's own: what it replaces is whatever it holds now
        FilePlacement.write(path(id), content.getBytes(StandardCharsets.UTF_8), workFolder(),
                FilePlacement.Expected.of(path(id)));
    }

    /** Whether the local copy differs from the version it was based on (or was never synced). */
    public boolean isEdited(FileId id) throws IOException {
        Optional<Base> base = base(id);
        if (!exists(id)) {
            return false;
        }
        return base.isEmpty() || !base.get().hash().equals(ContentHash.of(path(id)));
    }

    private void load() throws IOException {
        if (!Files.exists(stateFile)) {
            return;
        }
        JsonNode json = JSON.readTree(stateFile.toFile());
        json.path("files").properties().forEach(e -> bases.put(FileId.of(e.getKey()),
                new Base(e.getValue().path("base_version").asLong(), e.getValue().path("base_hash").asText())));
    }

    private void save() throws IOException {
        ObjectNode files = JSON.createObjectNode();
        bases.forEach((id, base) -> files.putObject(id.value())
                .put("base_version", base.version())
                .put("base_hash", base.hash()));
        ObjectNode json = JSON.createObjectNode();
        json.set("files", files);
        Path temp = stateFile.resolveSibling("cache.json.part");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json)));
            channel.force(true);
        }
        Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
