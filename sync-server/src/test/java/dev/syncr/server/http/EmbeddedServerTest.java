package dev.syncr.server.http;

import dev.syncr.server.SyncServer;
import dev.syncr.server.TestHttp;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test against a fresh server on the embedded default (SQLite + files) in a temporary folder, over real HTTP. */
abstract class EmbeddedServerTest {

    @TempDir
    Path dir;
    SyncServer server;
    TestHttp http;

    @BeforeEach
    void startServer() throws Exception {
        server = SyncServer.start("--port", "0", "--data-dir", dir.toString());
        http = new TestHttp(server.uri());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
