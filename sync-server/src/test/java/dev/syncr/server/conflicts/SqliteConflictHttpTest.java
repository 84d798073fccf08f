package dev.syncr.server.conflicts;

import dev.syncr.server.ServerDatabase;
import java.nio.file.Path;

class SqliteConflictHttpTest extends ConflictHttpContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.sqlite(dir); // the embedded default under --data-dir
    }
}
