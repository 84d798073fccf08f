package dev.syncr.examples;

import dev.syncr.server.SyncServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The server a demo talks to: {@code --server URL} if given, otherwise a fresh embedded server on a free port with
 * its data in a temporary folder, so a demo runs with nothing else started.
 */
final class DemoServer implements AutoCloseable {

    private final URI uri;
    private final SyncServer embedded;
    private final Path dataDir;

    private DemoServer(URI uri, SyncServer embedded, Path dataDir) {
        this.uri = uri;
        this.embedded = embedded;
        this.dataDir = dataDir;
    }

    static DemoServer fromArgs(String[] args) throws IOException {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--server") && i + 1 < args.length) {
                return new DemoServer(URI.create(args[i + 1]), null, null);
            }
            if (args[i].startsWith("--server=")) {
                return new DemoServer(URI.create(args[i].substring("--server=".length())), null, null);
            }
        }
        return embedded();
    }

    /** Held so the level set on them stays set (the logging framework only keeps weak references). */
    private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
            java.util.logging.Logger.getLogger("sync_server"),
            java.util.logging.Logger.getLogger("dev.syncr"),
            java.util.logging.Logger.getLogger("com.zaxxer.hikari"));

    static DemoServer embedded() throws IOException {
        // The demo's story is on stdout; the embedded server's operator log would interleave with it.
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        Path dir = Files.createTempDirectory("syncr-demo-");
        try {
            // Waits for its stores like the real server (--startup-timeout), so a slow machine only makes it slower.
            SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.toString());
            return new DemoServer(server.uri(), server, dir);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw new CannotStart("cannot start the embedded server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(dir);
            throw new CannotStart("interrupted while starting the embedded server");
        }
    }

    /**
     * An embedded server with accounts for {@code people}, each with a device token (in the order given): for the
     * demo of two people working on one folder.
     */
    static DemoServer withPeople(java.util.Map<String, String> tokens, String... people) throws IOException {
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        Path dir = Files.createTempDirectory("syncr-demo-");
        try {
            String[] flags = {"--port", "0", "--data-dir", dir.toString(), "--password-hash-memory", "4096"};
            try (dev.syncr.server.bootstrap.Stores stores = dev.syncr.server.bootstrap.Stores.forAdmin(
                    dev.syncr.server.cli.ServerCli.parse(flags), false)) {
                for (String person : people) {
                    var name = dev.syncr.server.accounts.UserName.parse(person);
                    // nobody signs in with it: each person's demo client has a device token
                    stores.accounts().addUser(name, java.util.UUID.randomUUID().toString(), java.util.Optional.empty());
                    tokens.put(person, stores.accounts().createToken(name, "demo").token());
                }
            }
            SyncServer server = SyncServer.start(flags);
            return new DemoServer(server.uri(), server, dir);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw new CannotStart("cannot start the embedded server: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteTree(dir);
            throw new CannotStart("interrupted while starting the embedded server");
        }
    }

    /** The demo could not get a server; its message is the one line the user sees. */
    static final class CannotStart extends RuntimeException {

        CannotStart(String message) {
            super(message, null, false, false);
        }
    }

    URI uri() {
        return uri;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
