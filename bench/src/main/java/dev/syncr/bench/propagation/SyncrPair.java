package dev.syncr.bench.propagation;

import dev.syncr.client.SyncClient;
import dev.syncr.client.folder.FolderSync;
import dev.syncr.client.folder.FolderWatch;
import dev.syncr.server.SyncServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Syncr's embedded server and two devices in watch mode ({@code syncr sync --watch}'s loop), each reaching the server
 * only through a {@link CountingProxy}.
 */
final class SyncrPair implements Pair {

    private final Path a;
    private final Path b;
    private final SyncServer server;
    private final CountingProxy proxy;
    private final FolderSync syncA;
    private final FolderSync syncB;
    private final FolderWatch watchA;
    private final FolderWatch watchB;
    private final Thread threadA;
    private final Thread threadB;

    SyncrPair(Path work) throws Exception {
        a = Files.createDirectories(work.resolve("syncr-a"));
        b = Files.createDirectories(work.resolve("syncr-b"));
        server = SyncServer.start("--port", "0", "--data-dir", work.resolve("syncr-server").toString());
        proxy = new CountingProxy(server.uri().getPort());
        URI through = URI.create("http://127.0.0.1:" + proxy.port() + "/");
        syncA = FolderSync.open(a, new SyncClient(through, "device-a"), false);
        syncB = FolderSync.open(b, new SyncClient(through, "device-b"), false);
        watchA = new FolderWatch(syncA);
        watchB = new FolderWatch(syncB);
        threadA = watch(watchA, "a");
        threadB = watch(watchB, "b");
    }

    private static Thread watch(FolderWatch watch, String name) {
        return Thread.ofPlatform().name("syncr-device-" + name).start(() -> {
            try {
                watch.run(pass -> { }, error -> System.err.println("device " + name + ": " + error));
            } catch (Exception e) {
                System.err.println("device " + name + " stopped: " + e);
            }
        });
    }

    @Override
    public String name() {
        return "Syncr";
    }

    @Override
    public Path a() {
        return a;
    }

    @Override
    public Path b() {
        return b;
    }

    @Override
    public long wireBytes() {
        return proxy.bytes();
    }

    @Override
    public void close() throws Exception {
        watchA.stop();
        watchB.stop();
        threadA.join(30_000);
        threadB.join(30_000);
        syncA.close();
        syncB.close();
        server.close();
        proxy.close();
    }
}
