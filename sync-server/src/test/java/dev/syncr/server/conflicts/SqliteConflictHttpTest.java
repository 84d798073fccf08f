package dev.syncr.server.conflicts;

import dev.syncr.server.TestAccounts;
import java.nio.file.Path;
import java.util.List;

class SqliteConflictHttpTest extends ConflictHttpContract {

    @Override
    protected List<String> databaseFlags(Path dir) {
        return List.of(); // the embedded default under --data-dir
    }

    @Override
    protected TestAccounts accountsOf(Path dir) {
        return TestAccounts.inDataDir(dir);
    }
}
