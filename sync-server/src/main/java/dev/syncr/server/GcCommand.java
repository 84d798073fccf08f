package dev.syncr.server;

import dev.syncr.core.gc.GarbageCollector;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code syncr-server gc}: reclaims content no version references, beside running servers. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete stored content that no version "
        + "references and that is older than --gc-grace. Safe while servers run and uploads are in flight.")
final class GcCommand implements Callable<Integer> {

    @ParentCommand
    ServerConfig config;

    @Option(names = "--dry-run", description = "Report what would be reclaimed; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        try (SyncServer.Stores session = SyncServer.Stores.open(config, AdminSession.patience(config), 2)) {
            java.time.Instant cutoff = config.historyCutoff(java.time.Instant.now());
            if (cutoff != null && !dryRun) {
                System.out.println("pruned " + session.metadata().pruneHistory(cutoff) + " version(s) older than "
                        + cutoff + " (--keep-history-days)");
            }
            GarbageCollector.Report report = new GarbageCollector(session.metadata(), session.blobs(),
                    Clock.systemUTC(), config.gcGrace()).collect(dryRun);
            System.out.println(report);
        }
        return 0;
    }
}
