package dev.syncr.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.syncr.core.BlobStore;
import dev.syncr.core.MetadataStore;
import dev.syncr.core.SyncService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncr-bench}: measures a Syncr server and, in the same run on the same machine and kind of store, the
 * baselines it is judged against. By default it starts the server under test in its own JVM on a fresh store.
 */
@Command(name = "syncr-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark a Syncr server against same-run baselines.")
public final class SyncrBench implements Callable<Integer> {

    @Option(names = "--store", defaultValue = "embedded",
            description = "embedded (SQLite + files) or postgres-s3 (PostgreSQL + an S3Proxy). Default: ${DEFAULT-VALUE}.")
    String store;
    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/syncr_test",
            description = "PostgreSQL for --store postgres-s3 (fresh schemas are created and dropped).")
    String pgUrl;
    @Option(names = "--pg-user", defaultValue = "syncr")
    String pgUser;
    @Option(names = "--pg-password", defaultValue = "syncr")
    String pgPassword;
    @Option(names = "--server", description = "Measure this running server instead (no memory figures then).")
    URI server;
    @Option(names = "--workloads", split = ",", defaultValue = "commit,hot,read,large,auth",
            description = "Which to run (auth last: it adds a user, which ends the open mode). "
                    + "Default: ${DEFAULT-VALUE}.")
    List<String> workloads;
    @Option(names = "--clients", split = ",", defaultValue = "1,4,16",
            description = "Concurrent clients. Default: ${DEFAULT-VALUE}.")
    List<Integer> clients;
    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per figure.")
    double seconds;
    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Warm-up seconds before each figure.")
    double warmupSeconds;
    @Option(names = "--server-warmup-seconds", defaultValue = "20",
            description = "Writes and reads before the first figure, to warm the server's JIT. Default: ${DEFAULT-VALUE}.")
    double serverWarmupSeconds;
    @Option(names = "--large-mb", defaultValue = "1024", description = "Size of the large file, in MiB.")
    long largeMb;
    @Option(names = "--server-heap", defaultValue = "512m", description = "-Xmx of the server under test.")
    String serverHeap;
    @Option(names = "--json", description = "Also write the results here as JSON.")
    Path json;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SyncrBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out);
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
    }

    Report run() throws Exception {
        Path work = Files.createTempDirectory("syncr-bench-");
        try (StoreSetup stores = switch (store) {
            case "embedded" -> StoreSetup.embedded(work);
            case "postgres-s3" -> StoreSetup.postgresS3(work, pgUrl, pgUser, pgPassword);
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--store must be embedded or postgres-s3");
        }) {
            Report report = new Report(environment(stores));
            ServerChild child = server == null ? ServerChild.start(serverHeap, stores.serverFlags()) : null;
            try (MetadataStore metadata = stores.openMetadata();
                 BlobStore blobs = stores.openBlobs("baseline");
                 BlobStore bareBlobs = stores.openBlobs("bare");
                 HikariDataSource bare = stores.bareDatabase(16)) {
                URI target = server != null ? server : child.uri;
                SyncService inProcess = new SyncService(metadata, blobs);
                Workloads w = new Workloads(target, child, stores, Duration.ofMillis((long) (warmupSeconds * 1000)),
                        Duration.ofMillis((long) (seconds * 1000)), report);
                w.warmUp(Duration.ofMillis((long) (serverWarmupSeconds * 1000)), inProcess);
                for (String workload : workloads) {
                    switch (workload.strip()) {
                        case "commit" -> w.commit(clients, inProcess, bare, bareBlobs);
                        case "hot" -> w.hot(clients, inProcess, bare);
                        case "read" -> w.read(clients, inProcess);
                        case "large" -> w.large(largeMb * 1024 * 1024, Workloads::generated);
                        case "auth" -> {
                            if (server != null) {
                                throw new IllegalArgumentException("the auth workload adds a user to the server's "
                                        + "own database; run it without --server");
                            }
                            w.auth(clients, stores.serverDatabase());
                        }
                        default -> throw new IllegalArgumentException("unknown workload " + workload);
                    }
                }
            } finally {
                if (child != null) {
                    child.close();
                }
            }
            return report;
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, Object> environment(StoreSetup stores) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", LocalDate.now().toString());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("memory", memory());
        env.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("stores", stores.name);
        env.put("clients", clients);
        env.put("seconds", seconds);
        System.out.println("syncr-bench " + env);
        return env;
    }

    private static String memory() {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc/meminfo")).split("\n"))
                    .filter(l -> l.startsWith("MemTotal")).findFirst().orElse("?").replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "?";
        }
    }
}
