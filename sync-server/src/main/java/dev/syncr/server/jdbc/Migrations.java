package dev.syncr.server.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Versioned schema changes, applied in order at start-up, each once: all those a database lacks in one transaction,
 * so a failed upgrade leaves the schema as it was, never half-way. Never edit a released migration; add the next one.
 */
final class Migrations {

    /** Index i holds the statements of schema version i + 1. */
    private static final List<List<String>> VERSIONS = List.of(
            List.of(
                    """
                    CREATE TABLE files (
                        file_id      TEXT PRIMARY KEY,
                        version      BIGINT NOT NULL,
                        content_hash TEXT,
                        size_bytes   BIGINT,
                        storage_key  TEXT,
                        updated_at   BIGINT NOT NULL,
                        updated_by   TEXT
                    )""",
                    """
                    CREATE TABLE file_versions (
                        file_id      TEXT NOT NULL,
                        version      BIGINT NOT NULL,
                        content_hash TEXT,
                        size_bytes   BIGINT,
                        storage_key  TEXT,
                        created_at   BIGINT NOT NULL,
                        client_id    TEXT,
                        seq          BIGINT NOT NULL UNIQUE,
                        PRIMARY KEY (file_id, version)
                    )""",
                    "CREATE INDEX file_versions_storage_key ON file_versions (storage_key)",
                    // One row whose update hands out feed positions. Its row lock is held until commit, so
                    // positions become visible in the order they were handed out: a feed reader never finds a
                    // smaller position appearing behind one it has already read.
                    "CREATE TABLE feed_counter (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL)",
                    "INSERT INTO feed_counter (id, seq) VALUES (1, 0)"),
            // 2: namespaces. A row's key is now the namespace's prefix plus the file id (see Namespace.rowKey);
            // every file written before namespaces existed belongs to the open local namespace.
            List.of(
                    "UPDATE files SET file_id = '\\local\\' || file_id",
                    "UPDATE file_versions SET file_id = '\\local\\' || file_id"),
            // 3: accounts. A user reaches namespaces through memberships, not a column of their own, so a namespace
            // shared by several users (viewer/editor) needs no schema change; the one 'owner' membership of a user
            // is their home, and a namespace is the home of at most one user.
            List.of(
                    """
                    CREATE TABLE users (
                        name          TEXT PRIMARY KEY,
                        password_hash TEXT NOT NULL,
                        created_at    BIGINT NOT NULL
                    )""",
                    """
                    CREATE TABLE memberships (
                        user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                        namespace  TEXT NOT NULL,
                        role       TEXT NOT NULL,
                        created_at BIGINT NOT NULL,
                        PRIMARY KEY (user_name, namespace)
                    )""",
                    "CREATE UNIQUE INDEX memberships_one_home ON memberships (user_name) WHERE role = 'owner'",
                    "CREATE UNIQUE INDEX memberships_one_owner ON memberships (namespace) WHERE role = 'owner'",
                    // Only a token's SHA-256 is kept: a copy of the database gives no one a working token.
                    """
                    CREATE TABLE device_tokens (
                        id            TEXT PRIMARY KEY,
                        user_name     TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                        secret_sha256 TEXT NOT NULL UNIQUE,
                        label         TEXT NOT NULL,
                        created_at    BIGINT NOT NULL,
                        last_used_at  BIGINT
                    )""",
                    "CREATE INDEX device_tokens_user ON device_tokens (user_name)"),
            // 4: chunks. Which namespace holds which chunk (may read it, may name it in a manifest), and the
            // manifests of chunked content, shared by content hash. Versions stored before stay single blobs.
            List.of(
                    """
                    CREATE TABLE chunk_holders (
                        namespace  TEXT NOT NULL,
                        chunk_hash TEXT NOT NULL,
                        PRIMARY KEY (namespace, chunk_hash)
                    )""",
                    "CREATE INDEX chunk_holders_hash ON chunk_holders (chunk_hash)",
                    """
                    CREATE TABLE manifests (
                        content_hash TEXT PRIMARY KEY,
                        size_bytes   BIGINT NOT NULL,
                        chunk_count  INTEGER NOT NULL
                    )""",
                    """
                    CREATE TABLE manifest_chunks (
                        content_hash TEXT NOT NULL,
                        position     INTEGER NOT NULL,
                        chunk_hash   TEXT NOT NULL,
                        size_bytes   INTEGER NOT NULL,
                        PRIMARY KEY (content_hash, position)
                    )""",
                    "CREATE INDEX manifest_chunks_chunk ON manifest_chunks (chunk_hash)"),
            // 5: garbage collection. A hold is a lease, renewed whenever its chunk is uploaded or committed again;
            // a reclaim announces itself in chunk_reclaims before it checks whether deleting is safe.
            List.of(
                    "ALTER TABLE chunk_holders ADD COLUMN touched_at BIGINT NOT NULL DEFAULT 0",
                    "CREATE TABLE chunk_reclaims (chunk_hash TEXT PRIMARY KEY, started_at BIGINT NOT NULL)"),
            // 6: conflicts as records, and which two versions a server-side merge joined. A conflict's id is the
            // feed position of its copy's commit (unique, taken in the same transaction); file_id and copy_id are
            // row keys, so a conflict belongs to its file's namespace. resolution NULL = open.
            List.of(
                    "ALTER TABLE file_versions ADD COLUMN merge_base BIGINT",
                    "ALTER TABLE file_versions ADD COLUMN merge_head BIGINT",
                    """
                    CREATE TABLE conflicts (
                        id             BIGINT PRIMARY KEY,
                        file_id        TEXT NOT NULL,
                        base_version   BIGINT NOT NULL,
                        winner_version BIGINT NOT NULL,
                        copy_id        TEXT NOT NULL,
                        copy_version   BIGINT NOT NULL,
                        client_id      TEXT,
                        created_at     BIGINT NOT NULL,
                        resolution     TEXT,
                        resolved_at    BIGINT,
                        resolved_by    TEXT
                    )""",
                    "CREATE INDEX conflicts_file ON conflicts (file_id)"),
            // 7: small content inline, saved by the statement that commits its version (see ContentRef#inline).
            // touched_at is when a commit last saved it, so garbage collection leaves content a commit is using.
            // BYTEA is PostgreSQL's; SQLite stores the blob as given under any type name.
            List.of(
                    """
                    CREATE TABLE inline_contents (
                        hash       TEXT PRIMARY KEY,
                        bytes      BYTEA NOT NULL,
                        touched_at BIGINT NOT NULL
                    )"""),
            // 8: the CRC-32C of a manifest's whole content, computed from the bytes stored, for downloads to be
            // checked against at a fraction of SHA-256's cost. NULL for manifests saved before.
            List.of("ALTER TABLE manifests ADD COLUMN crc32c BIGINT"),
            // 9: the store's identity, a random id made once (by apply, right after this table exists): a backup
            // restored keeps it, a database made anew gets another. Clients compare it to tell a recreated server.
            List.of("CREATE TABLE store_identity (id INTEGER PRIMARY KEY, store_id TEXT NOT NULL)"),
            // 10: a namespace's own chunk list for content whose shared manifest (kept for reading the bytes) another
            // namespace saved with other cut points: what it is shown is what it uploaded, never another's chunks.
            List.of(
                    """
                    CREATE TABLE own_manifest_chunks (
                        namespace    TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        position     INTEGER NOT NULL,
                        chunk_hash   TEXT NOT NULL,
                        size_bytes   INTEGER NOT NULL,
                        PRIMARY KEY (namespace, content_hash, position)
                    )"""),
            // 11: a browser's sign-in is a session, which ends when idle too long or too old; a device's token lasts
            // until revoked. Those the page issued before are known by the label it gave them.
            List.of(
                    "ALTER TABLE device_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'device'",
                    "UPDATE device_tokens SET kind = 'session' WHERE label = 'Web browser'"),
            // 12: a user's storage quota in bytes; NULL: the server's default (--default-quota), if any.
            List.of("ALTER TABLE users ADD COLUMN quota_bytes BIGINT"),
            // 13: shared folders. A share is a namespace of its own, with one owner; a member is a user with a mount
            // (where the folder sits in their tree, and their role), so one row says both. The id is the feed
            // position taken when it was shared. A tree's own changes (a folder mounted or unmounted) are feed
            // entries too, at positions from the same counter, so a device learns of them with its one cursor.
            List.of(
                    """
                    CREATE TABLE shares (
                        id         BIGINT PRIMARY KEY,
                        namespace  TEXT NOT NULL UNIQUE,
                        owner      TEXT NOT NULL,
                        name       TEXT NOT NULL,
                        created_at BIGINT NOT NULL
                    )""",
                    """
                    CREATE TABLE mounts (
                        user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                        share_id  BIGINT NOT NULL REFERENCES shares (id) ON DELETE CASCADE,
                        path      TEXT NOT NULL,
                        role      TEXT NOT NULL,
                        PRIMARY KEY (user_name, share_id)
                    )""",
                    "CREATE UNIQUE INDEX mounts_path ON mounts (user_name, path)",
                    """
                    CREATE TABLE mount_events (
                        position  BIGINT PRIMARY KEY,
                        user_name TEXT NOT NULL,
                        path      TEXT NOT NULL,
                        mounted   INTEGER NOT NULL
                    )""",
                    "CREATE INDEX mount_events_user ON mount_events (user_name, position)"),
            // 14: links. A link reaches one path of one namespace (a file, or a folder and all under it) without an
            // account: its token is shown once and kept only as its SHA-256, like a device token's.
            List.of(
                    """
                    CREATE TABLE links (
                        id            TEXT PRIMARY KEY,
                        token_hash    TEXT NOT NULL UNIQUE,
                        owner         TEXT NOT NULL,
                        namespace     TEXT NOT NULL,
                        path          TEXT NOT NULL,
                        shown_path    TEXT NOT NULL,
                        access        TEXT NOT NULL,
                        password_hash TEXT,
                        expires_at    BIGINT,
                        created_at    BIGINT NOT NULL
                    )""",
                    "CREATE INDEX links_owner ON links (owner)"),
            // 15: folders made on their own (WebDAV's MKCOL): an empty folder exists. A folder with files in it
            // exists through them; this row keeps it when it is empty. Keyed like a file: namespace prefix + path.
            List.of("CREATE TABLE folders (row_key TEXT PRIMARY KEY, created_at BIGINT NOT NULL)"),
            // 16: WebDAV's dead properties (PROPPATCH): any XML a client keeps on a file or folder, by its name.
            // Keyed like a file (namespace prefix + path), so a move takes them along and a delete drops them.
            List.of("""
                    CREATE TABLE dead_props (
                        row_key TEXT NOT NULL,
                        ns      TEXT NOT NULL,
                        name    TEXT NOT NULL,
                        value   TEXT NOT NULL,
                        PRIMARY KEY (row_key, ns, name)
                    )"""),
            // 17: WebDAV locks, in the database so every server process sees them; each lasts until its expiry
            // unless refreshed. root_key is the locked resource's row key; depth 'infinity' covers all below it.
            List.of("""
                    CREATE TABLE locks (
                        token      TEXT PRIMARY KEY,
                        root_key   TEXT NOT NULL,
                        root_href  TEXT NOT NULL,
                        depth      TEXT NOT NULL,
                        scope      TEXT NOT NULL,
                        owner      TEXT,
                        timeout_s  BIGINT NOT NULL,
                        expires_at BIGINT NOT NULL
                    )""", "CREATE INDEX locks_root ON locks (root_key)"),
            // 18: a file's identity (its key: kept by edits and renames, new for a create) and the writer's
            // modification time. Files already here are keyed by the feed position of their path's oldest version
            // (unique); new keys start past every position (Dialect.startFileKeys).
            List.of("ALTER TABLE files ADD COLUMN file_key BIGINT",
                    "ALTER TABLE files ADD COLUMN modified_at BIGINT",
                    "ALTER TABLE file_versions ADD COLUMN file_key BIGINT",
                    "ALTER TABLE file_versions ADD COLUMN modified_at BIGINT",
                    "UPDATE files SET file_key = (SELECT MIN(v.seq) FROM file_versions v "
                            + "WHERE v.file_id = files.file_id)",
                    "UPDATE file_versions SET file_key = (SELECT f.file_key FROM files f "
                            + "WHERE f.file_id = file_versions.file_id)",
                    "CREATE INDEX file_versions_key ON file_versions (file_key)"),
            // 19: uploads in parts (the Nextcloud clients' chunked uploads): a transfer, and each part as content
            // already stored (its chunks held by the uploader) or, when small, its bytes. A transfer left unfinished
            // is forgotten after a day; its content goes with garbage collection like any unreferenced content.
            List.of("""
                    CREATE TABLE uploads (
                        row_key    TEXT PRIMARY KEY,
                        created_at BIGINT NOT NULL
                    )""", """
                    CREATE TABLE upload_parts (
                        row_key      TEXT NOT NULL,
                        part         TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        size_bytes   BIGINT NOT NULL,
                        storage_key  TEXT,
                        bytes        BYTEA,
                        PRIMARY KEY (row_key, part)
                    )"""),
            // 20: sign-ins of a device through the browser (the Nextcloud clients' login flow v2): what the device
            // polls with and what the browser opens, both kept as hashes; granted once a signed-in user says so.
            List.of("""
                    CREATE TABLE login_flows (
                        poll_hash  TEXT PRIMARY KEY,
                        login_hash TEXT NOT NULL UNIQUE,
                        label      TEXT NOT NULL,
                        created_at BIGINT NOT NULL,
                        granted_to TEXT
                    )"""));

    private Migrations() {
    }

    /** The statements of one schema version (for the upgrade test, which builds a database as an old release did). */
    static List<String> statementsOf(int version) {
        return VERSIONS.get(version - 1);
    }

    static int latest() {
        return VERSIONS.size();
    }

    static void apply(Connection connection, Dialect dialect) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            if (dialect.migrationLock() != null) {
                statement.execute(dialect.migrationLock());
            }
            statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    + "applied_at BIGINT NOT NULL)");
            int current = currentVersion(statement);
            if (current > VERSIONS.size()) {
                throw new SQLException("the database schema (version " + current + ") is newer than this server "
                        + "understands (" + VERSIONS.size() + "); upgrade the server");
            }
            for (int v = current + 1; v <= VERSIONS.size(); v++) {
                for (String sql : VERSIONS.get(v - 1)) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (" + v + ", "
                        + System.currentTimeMillis() + ")");
            }
            if (current < 9 && VERSIONS.size() >= 9) {
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT INTO store_identity (id, store_id) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
                    ps.setString(1, UUID.randomUUID().toString());
                    ps.executeUpdate();
                }
            }
            if (current < 18 && VERSIONS.size() >= 18) {
                for (String sql : dialect.startFileKeys()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int currentVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
