package dev.syncr.server.jdbc;

import dev.syncr.core.BatchResult;
import dev.syncr.core.CommitRequest;
import dev.syncr.core.CommitResult;
import dev.syncr.core.ConflictChange;
import dev.syncr.core.ConflictRecord;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.Keep;
import dev.syncr.core.Namespace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conflict records, and the batch commit that opens or closes one together with the writes it is about. Every read
 * is scoped to the namespace through the file's row key, like the files themselves.
 */
final class JdbcConflicts {

    private static final String COLUMNS = "id, file_id, base_version, winner_version, copy_id, copy_version, "
            + "client_id, created_at, resolution, resolved_at, resolved_by";
    private static final String IN_NAMESPACE = "substr(file_id, 1, ?) = ?";

    private final Database database;
    private final Namespace namespace;

    JdbcConflicts(Database database, Namespace namespace) {
        this.database = database;
        this.namespace = namespace;
    }

    /** Ends a batch's transaction early, rolled back, with what the caller is told. */
    private static final class Abort extends RuntimeException {
        final transient BatchResult result;

        Abort(BatchResult result) {
            super(null, null, false, false);
            this.result = result;
        }
    }

    BatchResult commitAll(List<CommitRequest> commits, ConflictChange change, Head head) {
        try {
            return database.transaction("commit batch", c -> {
                if (change instanceof ConflictChange.Close close && !close(c, close)) {
                    throw new Abort(new BatchResult.NotOpen(close.id()));
                }
                // heads in row-key order, so two batches never wait on each other's rows in opposite orders
                List<CommitRequest> byRow = new ArrayList<>(commits);
                byRow.sort(Comparator.comparing(r -> namespace.rowKey(r.id())));
                Map<CommitRequest, FileVersion> moved = new IdentityHashMap<>();
                for (CommitRequest request : byRow) {
                    FileVersion version = CommitStatements.moveHead(c, database.dialect(), request, namespace);
                    if (version == null) {
                        throw new Abort(new BatchResult.Conflict(request.id(), Optional.empty()));
                    }
                    moved.put(request, version);
                }
                CommitStatements.saveInline(c, commits);
                long first = commits.isEmpty() ? 0 : CommitStatements.nextPositions(c, commits.size());
                List<FileVersion> versions = new ArrayList<>();
                for (int i = 0; i < commits.size(); i++) {
                    FileVersion version = moved.get(commits.get(i));
                    CommitStatements.appendVersion(c, version, first + i, namespace);
                    versions.add(version);
                }
                Optional<ConflictRecord> record = switch (change) {
                    case ConflictChange.None none -> Optional.empty();
                    case ConflictChange.Open open -> Optional.of(open(c, open, versions.getFirst(), first));
                    case ConflictChange.Close close -> conflict(c, close.id());
                };
                return new BatchResult.Committed(List.copyOf(versions), record);
            });
        } catch (Abort abort) {
            if (abort.result instanceof BatchResult.Conflict lost) {
                return new BatchResult.Conflict(lost.id(), head.of(lost.id())); // read after the rollback
            }
            return abort.result;
        }
    }

    /**
     * Independent compare-and-sets in one transaction: the winners' heads move and take consecutive feed positions
     * in request order, the losers are answered with their heads. Heads are moved in row-key order, so two batches
     * never wait on each other's rows in opposite orders.
     */
    List<CommitResult> commitEach(List<CommitRequest> commits, Head head) {
        FileVersion[] won = new FileVersion[commits.size()];
        database.transaction("commit each", c -> {
            List<Integer> byRow = new ArrayList<>();
            for (int i = 0; i < commits.size(); i++) {
                byRow.add(i);
            }
            byRow.sort(Comparator.comparing(i -> namespace.rowKey(commits.get(i).id())));
            int winners = 0;
            for (int i : byRow) {
                CommitRequest request = commits.get(i);
                won[i] = CommitStatements.moveHead(c, database.dialect(), request, namespace);
                winners += won[i] != null ? 1 : 0;
            }
            if (winners > 0) {
                List<CommitRequest> winning = new ArrayList<>();
                for (int i = 0; i < commits.size(); i++) {
                    if (won[i] != null) {
                        winning.add(commits.get(i));
                    }
                }
                CommitStatements.saveInline(c, winning);
                long seq = CommitStatements.nextPositions(c, winners);
                for (int i = 0; i < commits.size(); i++) {
                    if (won[i] != null) {
                        CommitStatements.appendVersion(c, won[i], seq++, namespace);
                    }
                }
            }
            return null;
        });
        List<CommitResult> results = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            results.add(won[i] != null ? new CommitResult.Committed(won[i])
                    : new CommitResult.Conflict(head.of(commits.get(i).id())));
        }
        return results;
    }

    /** Reads a file's head (for a lost batch's answer). */
    interface Head {
        Optional<FileVersion> of(FileId id);
    }

    private ConflictRecord open(Connection c, ConflictChange.Open open, FileVersion copy, long id)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO conflicts (id, file_id, base_version, "
                + "winner_version, copy_id, copy_version, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, namespace.rowKey(open.file()));
            ps.setLong(3, open.baseVersion());
            ps.setLong(4, open.winnerVersion());
            ps.setString(5, namespace.rowKey(copy.id()));
            ps.setLong(6, copy.version());
            ps.setString(7, open.clientId());
            ps.setLong(8, open.at().toEpochMilli());
            ps.executeUpdate();
        }
        return new ConflictRecord(id, open.file(), open.baseVersion(), open.winnerVersion(), copy.id(),
                copy.version(), open.clientId(), open.at(), null, null, null);
    }

    /** Closes the conflict if it is open and this namespace's; false otherwise. */
    private boolean close(Connection c, ConflictChange.Close close) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE conflicts SET resolution = ?, resolved_at = ?, "
                + "resolved_by = ? WHERE id = ? AND resolution IS NULL AND " + IN_NAMESPACE)) {
            ps.setString(1, close.resolution().wireName());
            ps.setLong(2, close.at().toEpochMilli());
            ps.setString(3, close.clientId());
            ps.setLong(4, close.id());
            bindNamespace(ps, 5);
            return ps.executeUpdate() == 1;
        }
    }

    List<ConflictRecord> conflicts(boolean includeResolved) {
        String sql = "SELECT " + COLUMNS + " FROM conflicts WHERE " + IN_NAMESPACE
                + (includeResolved ? "" : " AND resolution IS NULL") + " ORDER BY id DESC";
        return database.call("list conflicts", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindNamespace(ps, 1);
                List<ConflictRecord> records = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(recordOf(rs));
                    }
                }
                return records;
            }
        });
    }

    Optional<ConflictRecord> conflict(long id) {
        return database.call("read conflict", c -> conflict(c, id));
    }

    private Optional<ConflictRecord> conflict(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM conflicts WHERE id = ? AND "
                + IN_NAMESPACE)) {
            ps.setLong(1, id);
            bindNamespace(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(recordOf(rs)) : Optional.empty();
            }
        }
    }

    private void bindNamespace(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(i, namespace.rowPrefix().length());
        ps.setString(i + 1, namespace.rowPrefix());
    }

    private ConflictRecord recordOf(ResultSet rs) throws SQLException {
        String resolution = rs.getString("resolution");
        long resolvedAt = rs.getLong("resolved_at");
        return new ConflictRecord(rs.getLong("id"), namespace.fileOf(rs.getString("file_id")),
                rs.getLong("base_version"), rs.getLong("winner_version"), namespace.fileOf(rs.getString("copy_id")),
                rs.getLong("copy_version"), rs.getString("client_id"), Instant.ofEpochMilli(rs.getLong("created_at")),
                resolution == null ? null : Keep.parse(resolution),
                resolution == null ? null : Instant.ofEpochMilli(resolvedAt), rs.getString("resolved_by"));
    }
}
