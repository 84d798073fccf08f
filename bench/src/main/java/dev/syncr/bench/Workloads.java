package dev.syncr.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncr.client.Access;
import dev.syncr.client.SyncClient;
import dev.syncr.server.accounts.AccountStore;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Passwords;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.jdbc.Database;
import dev.syncr.server.jdbc.DatabaseSettings;
import dev.syncr.client.Upload;
import dev.syncr.client.WriteResult;
import dev.syncr.core.BlobStore;
import dev.syncr.core.ContentHash;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The four workloads. Each measures the server over HTTP and, in the same run, the baselines that bound it: the
 * same work in-process through {@link SyncService} (no HTTP), the bare SQL commit and blob put (the stores alone),
 * and raw I/O of the same bytes (no Syncr code).
 */
final class Workloads {

    private final URI server;
    private final StoreSetup stores;
    private final Duration warmup;
    private final Duration measure;
    private final Report report;
    private final ServerChild child;
    private final String run = Long.toString(System.nanoTime(), 36);

    Workloads(URI server, ServerChild child, StoreSetup stores, Duration warmup, Duration measure, Report report) {
        this.server = server;
        this.child = child;
        this.stores = stores;
        this.warmup = warmup;
        this.measure = measure;
        this.report = report;
    }

    private static String kilobyte(int client, long i) {
        String head = "client " + client + " write " + i + " ";
        return head + "x".repeat(1024 - head.length());
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Warms the server's JIT (and the baselines') with writes and reads before any figure is taken, so a figure
     * does not depend on which workload happens to run first.
     */
    void warmUp(Duration duration, SyncService inProcess) throws Exception {
        List<SyncClient> clients = clients(4);
        String prefix = "warmup-" + run;
        LoadRunner.run(4, duration, Duration.ZERO, (client, i) -> {
            FileId id = FileId.of(prefix + "/http/" + client + "/" + i);
            clients.get(client).putText(id, 0, kilobyte(client, i));
            return clients.get(client).metadata(id).isPresent();
        });
        LoadRunner.run(4, duration, Duration.ZERO, (client, i) -> {
            FileId id = FileId.of(prefix + "/local/" + client + "/" + i);
            inProcess.upload(new UploadRequest(id, 0, bytes(kilobyte(client, i)), "bench"));
            return inProcess.metadata(id).isPresent();
        });
    }

    /** 1 KB uploads to distinct files. */
    void commit(List<Integer> clientCounts, SyncService inProcess, HikariDataSource bare, BlobStore bareBlobs)
            throws Exception {
        for (int c : clientCounts) {
            String prefix = "commit-" + run + "-c" + c;
            List<SyncClient> clients = clients(c);
            var http = LoadRunner.run(c, warmup, measure, (client, i) -> clients.get(client)
                    .putText(FileId.of(prefix + "/http/" + client + "/" + i), 0, kilobyte(client, i))
                    instanceof WriteResult.Committed);
            var local = LoadRunner.run(c, warmup, measure, (client, i) -> inProcess.upload(new UploadRequest(
                    FileId.of(prefix + "/local/" + client + "/" + i), 0, bytes(kilobyte(client, i)), "bench"))
                    instanceof WriteOutcome.Committed);
            var sql = LoadRunner.run(c, warmup, measure, (client, i) -> bareCommit(bare, prefix + "/" + client + "/"
                    + i, ContentHash.of(kilobyte(client, i).getBytes())));
            var blob = LoadRunner.run(c, warmup, measure, (client, i) -> {
                byte[] content = (prefix + kilobyte(client, i)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bareBlobs.put(ContentHash.storageKey(ContentHash.of(content)), content, 0, content.length);
                return true;
            });
            report.add("commit", c, "HTTP commits/s", http.successesPerSecond(), "op/s", "in-process SyncService",
                    local.successesPerSecond());
            report.add("commit", c, "HTTP p50 latency", http.p50Millis(), "ms", "in-process p50", local.p50Millis());
            report.add("commit", c, "HTTP p99 latency", http.p99Millis(), "ms", "in-process p99", local.p99Millis());
            report.add("commit", c, "in-process commits/s", local.successesPerSecond(), "op/s",
                    "bare SQL commit", sql.successesPerSecond());
            report.add("commit", c, "in-process commits/s", local.successesPerSecond(), "op/s", "bare blob put",
                    blob.successesPerSecond());
        }
    }

    /**
     * The hot file's SQL alone: one optimistic UPDATE of the one row from the version this client knows (its own
     * transaction); a loser reads the row's version, as a 409 tells it, and tries again.
     */
    private static boolean bareHotCommit(HikariDataSource bare, String id, long[] known) throws Exception {
        try (Connection c = bare.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE bare_files SET version = version + 1 WHERE id = ? AND version = ?")) {
            update.setString(1, id);
            update.setLong(2, known[0]);
            if (update.executeUpdate() == 1) {
                known[0]++;
                return true;
            }
            try (PreparedStatement read = c.prepareStatement("SELECT version FROM bare_files WHERE id = ?")) {
                read.setString(1, id);
                try (java.sql.ResultSet rs = read.executeQuery()) {
                    rs.next();
                    known[0] = rs.getLong(1);
                }
            }
            return false;
        }
    }

    /** The SQL of a commit alone: insert the head, append history, commit. */
    private static boolean bareCommit(HikariDataSource bare, String id, String hash) throws Exception {
        try (Connection c = bare.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement head = c.prepareStatement("INSERT INTO bare_files (id, version) VALUES (?, 1)");
                 PreparedStatement history = c.prepareStatement(
                         "INSERT INTO bare_versions (id, version, hash) VALUES (?, 1, ?)")) {
                head.setString(1, id);
                head.executeUpdate();
                history.setString(1, id);
                history.setString(2, hash);
                history.executeUpdate();
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return true;
    }

    /** C clients racing on one file; every version must have exactly one winner. */
    void hot(List<Integer> clientCounts, SyncService inProcess, HikariDataSource bare) throws Exception {
        for (int c : clientCounts) {
            FileId httpFile = FileId.of("hot-" + run + "/c" + c + "/http.txt");
            FileId localFile = FileId.of("hot-" + run + "/c" + c + "/local.txt");
            List<SyncClient> clients = clients(c);
            Map<Long, Integer> httpWinners = new ConcurrentHashMap<>();
            long[][] known = new long[c][1];
            var http = LoadRunner.run(c, warmup, measure, (client, i) -> {
                switch (clients.get(client).putText(httpFile, known[client][0], kilobyte(client, i))) {
                    case WriteResult.Committed w -> {
                        winner(httpWinners, w.version(), client, httpFile);
                        known[client][0] = w.version();
                        return true;
                    }
                    case WriteResult.Conflict l -> {
                        known[client][0] = l.currentVersion();
                        return false;
                    }
                    default -> throw new IllegalStateException("unexpected answer on the hot file");
                }
            });
            verifyOneWinnerPerVersion(httpWinners, new SyncClient(server, "verifier").history(httpFile).size(),
                    httpFile);
            Map<Long, Integer> localWinners = new ConcurrentHashMap<>();
            long[][] knownLocal = new long[c][1];
            String bareId = "hot-" + run + "-c" + c;
            long[][] knownBare = new long[c][1];
            try (Connection conn = bare.getConnection();
                 PreparedStatement create = conn.prepareStatement("INSERT INTO bare_files (id, version) VALUES (?, 0)")) {
                create.setString(1, bareId);
                create.executeUpdate();
            }
            LoadRunner.Op inProcessEdit = (client, i) -> {
                switch (inProcess.upload(new UploadRequest(localFile, knownLocal[client][0], bytes(kilobyte(client, i)),
                        "client-" + client))) {
                    case WriteOutcome.Committed w -> {
                        winner(localWinners, w.version().version(), client, localFile);
                        knownLocal[client][0] = w.version().version();
                        return true;
                    }
                    case WriteOutcome.Conflict l -> {
                        knownLocal[client][0] = l.currentVersion();
                        return false;
                    }
                    default -> throw new IllegalStateException("unexpected outcome on the hot file");
                }
            };
            var pair = LoadRunner.interleaved(c, warmup, measure, 3, inProcessEdit,
                    (client, i) -> bareHotCommit(bare, bareId, knownBare[client]));
            var local = pair[0];
            var sql = pair[1];
            verifyOneWinnerPerVersion(localWinners, inProcess.history(localFile).size(), localFile);
            report.add("hot", c, "HTTP attempts/s", http.attemptsPerSecond(), "op/s", "in-process attempts/s",
                    local.attemptsPerSecond());
            report.add("hot", c, "HTTP commits/s", http.successesPerSecond(), "op/s", "in-process commits/s",
                    local.successesPerSecond());
            report.add("hot", c, "HTTP p99 latency", http.p99Millis(), "ms", "in-process p99", local.p99Millis());
            report.add("hot", c, "in-process commits/s", local.successesPerSecond(), "op/s",
                    "bare SQL hot-row commits/s", sql.successesPerSecond());
        }
    }

    private static void winner(Map<Long, Integer> winners, long version, int client, FileId file) {
        Integer previous = winners.putIfAbsent(version, client);
        if (previous != null) {
            throw new LostUpdateException(file + " v" + version + " was acknowledged to client " + previous
                    + " and to client " + client);
        }
    }

    static void winnerForTest(Map<Long, Integer> winners, long version, int client) {
        winner(winners, version, client, FileId.of("test"));
    }

    private static void verifyOneWinnerPerVersion(Map<Long, Integer> winners, int historySize, FileId file) {
        if (winners.size() != historySize) {
            throw new LostUpdateException(file + ": " + winners.size() + " acknowledged versions but " + historySize
                    + " in history");
        }
    }

    /** Thrown when a benchmark finds an acknowledged write missing or doubled: the benchmark then fails. */
    static final class LostUpdateException extends RuntimeException {
        LostUpdateException(String message) {
            super("LOST UPDATE: " + message);
        }
    }

    /** Metadata reads and small downloads. */
    void read(List<Integer> clientCounts, SyncService inProcess) throws Exception {
        int files = 100;
        SyncClient writer = new SyncClient(server, "bench-writer");
        List<FileId> ids = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            FileId id = FileId.of("read-" + run + "/file-" + f + ".txt");
            ids.add(id);
            writer.putText(id, 0, kilobyte(f, 0));
            inProcess.upload(new UploadRequest(id, 0, bytes(kilobyte(f, 0)), "bench"));
        }
        for (int c : clientCounts) {
            List<SyncClient> clients = clients(c);
            var http = LoadRunner.run(c, warmup, measure, (client, i) -> {
                FileId id = ids.get((int) ((client * 31 + i) % files));
                if (i % 2 == 0) {
                    return clients.get(client).metadata(id).isPresent();
                }
                return clients.get(client).download(id, OutputStream.nullOutputStream()).isPresent();
            });
            var local = LoadRunner.run(c, warmup, measure, (client, i) -> {
                FileId id = ids.get((int) ((client * 31 + i) % files));
                Optional<FileVersion> head = inProcess.metadata(id);
                if (i % 2 == 0) {
                    return head.isPresent();
                }
                try (InputStream in = inProcess.open(head.orElseThrow().content())) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                return true;
            });
            report.add("read", c, "HTTP requests/s", http.successesPerSecond(), "op/s", "in-process reads/s",
                    local.successesPerSecond());
            report.add("read", c, "HTTP p50 latency", http.p50Millis(), "ms", "in-process p50", local.p50Millis());
            report.add("read", c, "HTTP p99 latency", http.p99Millis(), "ms", "in-process p99", local.p99Millis());
        }
    }

    /** One large file up and down, against the same bytes through raw I/O, with the server's memory watched. */
    void large(long size, LongFunction<InputStream> content) throws Exception {
        double mb = size / (1024.0 * 1024.0);
        SyncClient client = new SyncClient(server, "bench-large");
        FileId id = FileId.of("large-" + run + "/blob.bin");
        AtomicLong peakRss = new AtomicLong(child == null ? -1 : child.rssBytes());
        long rssBefore = peakRss.get();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted() && child != null) {
                peakRss.accumulateAndGet(child.rssBytes(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        WriteResult up = client.upload(Upload.of(id, 0, () -> content.apply(size)).withLength(size));
        double upRate = mb / ((System.nanoTime() - t0) / 1e9);
        if (!(up instanceof WriteResult.Committed)) {
            throw new IllegalStateException("large upload was not committed: " + up);
        }
        t0 = System.nanoTime();
        client.download(id, OutputStream.nullOutputStream()).orElseThrow();
        double downRate = mb / ((System.nanoTime() - t0) / 1e9);
        sampler.interrupt();
        double[] raw = stores.rawLargeMegabytesPerSecond(size, content);
        report.add("large", 1, "HTTP upload", upRate, "MB/s", "raw write to the blob medium", raw[0]);
        report.add("large", 1, "HTTP download", downRate, "MB/s", "raw read from the blob medium", raw[1]);
        if (child != null) {
            report.add("large", 1, "server RSS before", rssBefore / 1048576.0, "MB");
            report.add("large", 1, "server RSS peak during", peakRss.get() / 1048576.0, "MB");
        }
        downloads(client, id, size);
    }

    /**
     * The same large file fetched three ways from the same server: curl (the baseline: C, one stream, to /dev/null,
     * checking nothing), the Java client on the seed's endpoint (one stream, to nothing, checked against the CRC-32C
     * the server kept), and the Java client's {@code getFile} (into a file on disk, checked and fsynced).
     */
    private void downloads(SyncClient client, FileId id, long size) throws Exception {
        double mb = size / (1024.0 * 1024.0);
        java.nio.file.Path target = java.nio.file.Files.createTempFile("syncr-bench-download-", ".bin");
        try {
            // alternating rounds, so a machine whose speed drifts (page cache write-back after the upload, other
            // load) slows both alike
            double curlSeconds = 0;
            double wholeSeconds = 0;
            for (int round = 0; round < 3; round++) {
                curlSeconds += curlSeconds(id);
                long t0 = System.nanoTime();
                client.download(id, OutputStream.nullOutputStream()).orElseThrow();
                wholeSeconds += (System.nanoTime() - t0) / 1e9;
            }
            double curl = 3 * mb / curlSeconds; // NaN without curl
            double whole = 3 * mb / wholeSeconds;
            java.nio.file.Files.delete(target);
            long t0 = System.nanoTime();
            client.getFile(id, target).orElseThrow();
            double chunked = mb / ((System.nanoTime() - t0) / 1e9);
            if (!Double.isNaN(curl)) {
                report.add("large", 1, "Java client download (one stream)", whole, "MB/s", "curl, same server", curl);
                report.add("large", 1, "Java client chunked download to disk", chunked, "MB/s", "curl, same server",
                        curl);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(target);
        }
    }

    /** Seconds curl takes to fetch the file to /dev/null; NaN without curl. */
    private double curlSeconds(FileId id) throws InterruptedException {
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/null", server.resolve("files/"
                    + id.value() + "/download").toString()).redirectErrorStream(true).start();
            return p.waitFor() == 0 ? (System.nanoTime() - t0) / 1e9 : Double.NaN;
        } catch (java.io.IOException noCurl) {
            return Double.NaN;
        }
    }

    private List<SyncClient> clients(int count) {
        return clients(count, List.of());
    }

    /** Clients with one token each (none for an empty list). */
    private List<SyncClient> clients(int count, List<String> tokens) {
        List<SyncClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(new SyncClient(server, "client-" + i, SyncClient.RetryPolicy.NONE,
                    tokens.isEmpty() ? Access.NONE : Access.token(tokens.get(i))));
        }
        return clients;
    }

    /**
     * What authentication costs: 1 KB commits on the server in the open local mode, then on the same warm server once
     * a user exists and every request carries a device token (one per client; each request looks its token up in
     * the database, so a revocation counts on the next request). Must be the last workload: the server stays closed.
     */
    void auth(List<Integer> clientCounts, DatabaseSettings serverDatabase) throws Exception {
        Map<Integer, LoadRunner.Measurement> open = new java.util.LinkedHashMap<>();
        for (int c : clientCounts) {
            String prefix = "auth-open-" + run + "-c" + c;
            List<SyncClient> clients = clients(c);
            open.put(c, LoadRunner.run(c, warmup, measure, (client, i) -> clients.get(client)
                    .putText(FileId.of(prefix + "/" + client + "/" + i), 0, kilobyte(client, i))
                    instanceof WriteResult.Committed));
        }
        List<String> tokens = new ArrayList<>();
        int most = clientCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        try (Database database = Database.open(serverDatabase)) {
            Accounts accounts = new Accounts(new AccountStore(database), new Passwords(1024, 1), Duration.ofMinutes(15),
                    java.time.Clock.systemUTC());
            accounts.addUser(UserName.parse("bench"), "load-test passphrase 2026", Optional.empty());
            for (int i = 0; i < most; i++) {
                tokens.add(accounts.createToken(UserName.parse("bench"), "client-" + i).token());
            }
        }
        for (int c : clientCounts) {
            String prefix = "auth-token-" + run + "-c" + c;
            List<SyncClient> clients = clients(c, tokens);
            var authed = LoadRunner.run(c, warmup, measure, (client, i) -> clients.get(client)
                    .putText(FileId.of(prefix + "/" + client + "/" + i), 0, kilobyte(client, i))
                    instanceof WriteResult.Committed);
            report.add("auth", c, "HTTP commits/s with a token", authed.successesPerSecond(), "op/s",
                    "open local mode, same server", open.get(c).successesPerSecond());
            report.add("auth", c, "HTTP p50 latency with a token", authed.p50Millis(), "ms",
                    "open local mode p50", open.get(c).p50Millis());
        }
    }

    /** Pseudo-random bytes of a given length, generated as they are read. */
    static InputStream generated(long length) {
        return new InputStream() {
            long position;
            long state = 0x9E3779B97F4A7C15L;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    state = state * 6364136223846793005L + 1442695040888963407L;
                    buf[off + i] = (byte) (state >>> 56);
                }
                position += n;
                return n;
            }
        };
    }

}
