package dev.syncr.client.cli;

import dev.syncr.api.ConflictList;
import dev.syncr.client.RemoteConflict;
import dev.syncr.client.RemoteFile;
import dev.syncr.client.RequestRejectedException;
import dev.syncr.client.SyncClient;
import dev.syncr.core.Keep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr conflicts}: the conflicts the server recorded, open ones first of all. */
@Command(name = "conflicts", description = "List the conflicts the server recorded (open ones; --all for every one).")
final class Conflicts implements Callable<Integer> {

    @ParentCommand
    SyncrCli cli;
    @Option(names = "--all", description = "Resolved ones too.")
    boolean all;

    @Override
    public Integer call() throws IOException {
        List<RemoteConflict> conflicts = cli.client().conflicts(all);
        StringBuilder human = new StringBuilder();
        if (conflicts.isEmpty()) {
            human.append(all ? "no conflicts" : "no open conflicts");
        }
        for (RemoteConflict c : conflicts) {
            human.append(String.format("%-6s %s  ↔  %s   (%s's edit of v%d lost to v%d, %s)%s%n", c.id(), c.file(),
                    c.copy(), c.clientId(), c.baseVersion(), c.winnerVersion(), c.createdAt(),
                    c.open() ? "" : "  resolved: keep " + c.resolution().orElseThrow().wireName()));
        }
        if (!conflicts.isEmpty() && conflicts.stream().anyMatch(RemoteConflict::open)) {
            human.append("resolve with: syncr resolve ID --keep original|copy|both  (or --with FILE)");
        }
        cli.print(human.toString().stripTrailing(), new ConflictList(conflicts.stream()
                .map(RemoteConflict::toWire).toList()));
        return ExitCodes.OK;
    }

    /** {@code syncr resolve ID --keep original|copy|both} or {@code --with FILE}. */
    @Command(name = "resolve", description = "Resolve a conflict: keep the original, the copy, both, or your own "
            + "merge (--with FILE). Every device follows.")
    static final class Resolve implements Callable<Integer> {
        @ParentCommand
        SyncrCli cli;
        @Parameters(index = "0", paramLabel = "ID", description = "The conflict's id (see syncr conflicts).")
        long id;
        @ArgGroup(multiplicity = "1")
        Choice choice;
        @Option(names = "--expected-version", paramLabel = "N",
                description = "The original's version you looked at; default: its current head.")
        Long expected;

        static final class Choice {
            @Option(names = "--keep", paramLabel = "original|copy|both",
                    description = "original: delete the copy; copy: the copy replaces the original, then goes; "
                            + "both: keep both files")
            String keep;
            @Option(names = "--with", paramLabel = "FILE", description = "Your own merge (UTF-8 text) replaces the "
                    + "original; the copy goes.")
            Path with;
        }

        @Override
        public Integer call() throws IOException {
            SyncClient client = cli.client();
            var conflict = client.conflict(id);
            if (conflict.isEmpty()) {
                cli.err.println("no conflict " + id + " (see syncr conflicts)");
                return ExitCodes.NOT_FOUND;
            }
            Keep keep;
            String content = null;
            if (choice.with != null) {
                keep = Keep.CONTENT;
                content = utf8(choice.with);
            } else {
                try {
                    keep = Keep.parse(choice.keep);
                } catch (IllegalArgumentException e) {
                    cli.err.println(e.getMessage());
                    return ExitCodes.BAD_INPUT;
                }
                if (keep == Keep.CONTENT) {
                    cli.err.println("to keep your own merge, give it with --with FILE");
                    return ExitCodes.BAD_INPUT;
                }
            }
            Long base = expected;
            if (base == null && (keep == Keep.COPY || keep == Keep.CONTENT)) {
                base = client.metadata(conflict.get().file()).map(RemoteFile::version).orElse(0L);
            }
            try {
                RemoteConflict resolved = client.resolve(id, keep, base, content);
                cli.print("resolved conflict " + id + " on " + resolved.file() + ": kept " + describe(keep,
                        resolved), resolved.toWire());
                return ExitCodes.OK;
            } catch (RequestRejectedException e) {
                if (e.status() == 409) {
                    cli.err.println("not resolved: " + e.getMessage());
                    return ExitCodes.CONFLICT;
                }
                throw e;
            }
        }

        private static String describe(Keep keep, RemoteConflict c) {
            return switch (keep) {
                case ORIGINAL -> c.file() + "; " + c.copy() + " deleted";
                case COPY -> "the copy's content as " + c.file() + "; " + c.copy() + " deleted";
                case BOTH -> "both " + c.file() + " and " + c.copy();
                case CONTENT -> "your merge as " + c.file() + "; " + c.copy() + " deleted";
            };
        }

        private static String utf8(Path file) throws IOException {
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(file + " is not UTF-8 text; for other files, syncr put it over "
                        + "the original, then syncr resolve ID --keep original");
            }
        }
    }
}
