package dev.syncr.server.cli;

import dev.syncr.server.bootstrap.ServerConfig;
import dev.syncr.server.bootstrap.Stores;
import dev.syncr.core.gc.GarbageCollector;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code syncr-server gc}: reclaims content no version references, beside running servers. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete stored content that no version "
        + "references and that is older than --gc-grace. Safe while servers run and uploads are in flight.")
final class GcCommand implements Callable<Integer> {

    @ParentCommand
    ServerCommand server;

    @Option(names = "--dry-run", description = "Report what would be reclaimed; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = server.config();
        try (Stores stores = Stores.forAdmin(config, true)) {
            Optional<Instant> cutoff = config.historyCutoff(Instant.now());
            if (cutoff.isPresent() && !dryRun) {
                System.out.println("pruned " + stores.metadata().pruneHistory(cutoff.get()) + " version(s) older "
                        + "than " + cutoff.get() + " (--keep-history-days)");
            }
            GarbageCollector.Report report = new GarbageCollector(stores.metadata(), stores.blobs(),
                    Clock.systemUTC(), config.gcGrace()).collect(dryRun);
            System.out.println(report);
        }
        return 0;
    }
}
