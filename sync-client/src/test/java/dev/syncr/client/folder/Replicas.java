package dev.syncr.client.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.client.RemoteFile;
import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Several synced folders on one server, and the checks every scenario ends with. */
final class Replicas {

    final URI server;
    final Path base;
    final List<Replica> all = new ArrayList<>();

    Replicas(URI server, Path base) {
        this.server = server;
        this.base = base;
    }

    /** One device: a folder and its client name. */
    final class Replica {
        final String name;
        final Path root;
        /** The naming rules its folder syncs by (a test may fold names as macOS or Windows would). */
        LocalNames names = LocalNames.POSIX;

        Replica(String name) {
            this.name = name;
            this.root = base.resolve(name);
        }

        PassResult.Completed sync() throws IOException {
            try (FolderSync sync = FolderSync.open(root, new SyncClient(server, name), false,
                    new dev.syncr.client.KeepBoth(), names)) {
                PassResult result = sync.syncOnce();
                assertThat(result).isInstanceOf(PassResult.Completed.class);
                return (PassResult.Completed) result;
            }
        }

        void write(String id, String content) throws IOException {
            Path file = root.resolve(id);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        }

        String read(String id) throws IOException {
            return Files.readString(root.resolve(id));
        }

        void delete(String id) throws IOException {
            Files.delete(root.resolve(id));
        }

        /** Every synced file in this folder and its bytes, by file id. */
        Map<String, String> files() throws IOException {
            Map<String, String> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    FileId id = LocalScan.idOf(root, p);
                    if (id != null && !IgnoreRules.ignored(id)) {
                        files.put(id.value(), Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
                    }
                }
            }
            return files;
        }
    }

    Replica add(String name) {
        Replica r = new Replica(name);
        all.add(r);
        return r;
    }

    /** Sync rounds over every replica until a whole round changes nothing. */
    void settle() throws IOException {
        for (int round = 0; round < 6; round++) {
            boolean changed = false;
            for (Replica r : all) {
                changed |= r.sync().changedAnything();
            }
            if (!changed) {
                return;
            }
        }
        throw new AssertionError("replicas did not settle within 6 rounds");
    }

    /** All replicas hold the same files and bytes, and so does the server. */
    Map<String, String> assertConverged() throws IOException {
        Map<String, String> first = all.getFirst().files();
        for (Replica r : all) {
            assertThat(r.files()).as("replica %s matches %s", r.name, all.getFirst().name).isEqualTo(first);
        }
        SyncClient check = new SyncClient(server, "checker");
        Map<String, String> onServer = new TreeMap<>();
        for (RemoteFile f : check.list()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            check.download(f.id(), bytes);
            onServer.put(f.id().value(), bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertThat(onServer).as("server matches the replicas").isEqualTo(first);
        return first;
    }

    /** Every given content exists as a file on the server and on every replica. */
    void assertNothingLost(String... contents) throws IOException {
        Map<String, String> files = assertConverged();
        for (String content : contents) {
            assertThat(files.values()).as("content \"%s\" survived", content).contains(content);
        }
    }
}
