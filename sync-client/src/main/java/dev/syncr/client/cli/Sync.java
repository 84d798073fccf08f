package dev.syncr.client.cli;

import dev.syncr.client.KeepBoth;
import dev.syncr.client.RemoteConflict;
import dev.syncr.client.folder.FolderSync;
import dev.syncr.client.folder.FolderWatch;
import dev.syncr.client.folder.Operation;
import dev.syncr.client.folder.PassResult;
import dev.syncr.core.ByteCount;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr sync DIR [--watch]}: two-way folder sync. */
@Command(name = "sync", description = "Keep a folder and the server in two-way sync (once, or continuously with --watch).")
final class Sync implements Callable<Integer> {

    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to sync (created if missing).")
    Path dir;
    @Option(names = "--watch", description = "Keep running: sync on every local or remote change.")
    boolean watch;
    @Option(names = "--allow-mass-delete", description = "Carry out a pass even if it deletes more than half the files.")
    boolean allowMassDelete;
    @Option(names = "--merge", paramLabel = "text|never", defaultValue = "text",
            description = "When both sides edited a file: text (default) lets the server merge text edits that do not "
                    + "overlap, keeping both otherwise; never always keeps both.")
    String merge;

    @Override
    public Integer call() throws IOException {
        if (!merge.equals("text") && !merge.equals("never")) {
            cli.err.println("--merge takes text or never, not " + merge);
            return ExitCodes.BAD_INPUT;
        }
        try (FolderSync sync = FolderSync.open(dir, cli.client(), allowMassDelete,
                new KeepBoth(merge.equals("text")))) {
            if (!watch) {
                return report(sync.syncOnce());
            }
            cli.err.println("watching " + sync.root() + " ⇄ " + sync.client().server() + " (Ctrl-C to stop)");
            FolderWatch watcher = new FolderWatch(sync);
            Runtime.getRuntime().addShutdownHook(new Thread(watcher::stop));
            watcher.run(result -> {
                if (!(result instanceof PassResult.Completed c) || c.changedAnything() || !c.skipped().isEmpty()
                        || c.partial()) {
                    report(result);
                }
            }, e -> cli.err.println(now() + " sync pass failed, will retry: " + e.getMessage()));
            return ExitCodes.OK;
        }
    }

    private static String now() {
        return LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private int report(PassResult result) {
        switch (result) {
            case PassResult.Completed c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status", "synced");
                m.put("uploaded", c.uploaded());
                m.put("downloaded", c.downloaded());
                m.put("deleted_locally", c.deletedLocally());
                m.put("deleted_remotely", c.deletedRemotely());
                m.put("conflicts", c.conflicts());
                m.put("merged", c.merged());
                m.put("skipped", c.skipped());
                m.put("left_alone", c.leftAlone());
                c.serverReset().ifPresent(why -> m.put("server_reset", why));
                StringBuilder human = new StringBuilder(now() + " synced: " + c.uploaded() + " up, " + c.downloaded()
                        + " down, " + (c.deletedLocally() + c.deletedRemotely()) + " deleted, " + c.merged()
                        + " merged, " + c.conflicts() + " conflict(s) kept both");
                c.serverReset().ifPresent(why -> human.append("\n  server reset: ").append(why).append(
                        "; re-listed it: nothing was deleted, and files that differ were kept both"));
                if (c.conflicts() > 0) {
                    human.append("\n  see them with: syncr conflicts");
                }
                c.skipped().forEach(s -> human.append("\n  later: ").append(s));
                c.leftAlone().forEach((path, why) -> human.append("\n  warning: ").append(path).append(": ")
                        .append(why));
                if (c.partial()) {
                    m.put("status", "partial");
                    human.append("\n  partial: the paths above were not synced this pass");
                }
                cli.print(human.toString(), m);
                return c.partial() ? ExitCodes.PARTIAL : ExitCodes.OK;
            }
            case PassResult.StoppedMassDelete s -> {
                cli.print("stopped: this pass would delete " + s.deletes() + " of " + s.trackedFiles()
                                + " files. If that is what you want, run again with --allow-mass-delete.",
                        Map.of("status", "stopped_mass_delete", "deletes", s.deletes(), "tracked", s.trackedFiles()));
                return ExitCodes.BAD_INPUT;
            }
        }
    }

    static String describe(Operation op) {
        return switch (op) {
            case Operation.Upload u -> "upload    " + u.id() + (u.expectedVersion() == 0 ? " (new)"
                    : " (on top of v" + u.expectedVersion() + ")");
            case Operation.Download d -> "download  " + d.id() + " v" + d.version();
            case Operation.KeepLocalCopy k -> "keep yours as a conflicted copy  " + k.id() + " (read-only shared "
                    + "folder: not uploaded)";
            case Operation.DeleteRemote d -> "delete on server  " + d.id();
            case Operation.DeleteLocal d -> "delete here  " + d.id();
            case Operation.Reconcile r -> "both edited  " + r.id() + " (yours on v" + r.baseVersion() + ", theirs v"
                    + r.remoteVersion() + ") → merged by the server, or both kept";
            case Operation.Agree a -> "in sync   " + a.id() + " v" + a.version();
            case Operation.Forget f -> "forget    " + f.id();
        };
    }

    /** {@code syncr status DIR}: what the next pass would do, and the open conflicts. */
    @Command(name = "status", description = "Show what a sync of DIR would do, and the open conflicts.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        SyncrCli cli;
        @Parameters(index = "0", paramLabel = "DIR")
        Path dir;

        @Override
        public Integer call() throws IOException {
            try (FolderSync sync = FolderSync.open(dir, cli.client(), false)) {
                FolderSync.Preview preview = sync.preview();
                List<Operation> pending = preview.pending();
                List<RemoteConflict> open = sync.client().conflicts(false);
                List<String> copies = preview.conflictedCopies().stream().map(Object::toString).toList();
                Map<String, String> leftAlone = preview.leftAlone();
                StringBuilder human = new StringBuilder();
                if (pending.isEmpty()) {
                    human.append(leftAlone.isEmpty() ? "up to date with " : "up to date, except what is below, with ")
                            .append(sync.client().server());
                } else {
                    human.append(pending.size()).append(" pending:");
                    pending.forEach(op -> human.append("\n  ").append(describe(op)));
                }
                var account = sync.client().account();
                account.ifPresent(a -> human.append("\nstorage: ").append(ByteCount.show(a.usageBytes())).append(" used of ")
                        .append(a.quotaBytes() == null ? "no limit" : ByteCount.show(a.quotaBytes())));
                if (!leftAlone.isEmpty()) {
                    human.append("\n").append(leftAlone.size()).append(" left alone:");
                    leftAlone.forEach((path, why) -> human.append("\n  ").append(path).append(": ").append(why));
                }
                if (!open.isEmpty()) {
                    human.append("\n").append(open.size()).append(" open conflict(s):");
                    open.forEach(c -> human.append("\n  ").append(c.id()).append("  ").append(c.file())
                            .append("  ↔  ").append(c.copy()));
                    human.append("\nresolve with: syncr resolve ID --keep original|copy|both  (or --with FILE)");
                }
                Map<String, Object> machine = new LinkedHashMap<>();
                machine.put("pending", pending.stream().map(Sync::describe).toList());
                machine.put("conflicts", open.stream().map(RemoteConflict::toWire).toList());
                machine.put("conflicted_copies", copies);
                machine.put("left_alone", leftAlone);
                account.ifPresent(a -> machine.put("account", a));
                cli.print(human.toString(), machine);
                return ExitCodes.OK;
            }
        }
    }
}
