package dev.syncr.server.shares;

import dev.syncr.server.ServerDatabase;
import java.nio.file.Path;

class SqliteShareIsolationTest extends ShareIsolationContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.sqlite(dir);
    }
}
