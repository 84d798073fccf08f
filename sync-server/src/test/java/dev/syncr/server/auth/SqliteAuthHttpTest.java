package dev.syncr.server.auth;

import dev.syncr.server.ServerDatabase;
import java.nio.file.Path;

class SqliteAuthHttpTest extends AuthHttpContract {

    @Override
    protected ServerDatabase database(Path dir) {
        return ServerDatabase.sqlite(dir); // the embedded default under --data-dir
    }
}
