package dev.syncr.server.conflicts;

import dev.syncr.server.ServerDatabase;
import java.nio.file.Path;

class PostgresConflictHttpTest extends ConflictHttpContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.postgres();
    }
}
