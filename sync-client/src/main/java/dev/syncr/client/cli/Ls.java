package dev.syncr.client.cli;

import dev.syncr.api.FileList;
import dev.syncr.client.RemoteFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr ls [PREFIX]}: lists the files on the server. */
@Command(name = "ls", description = "List files on the server.")
final class Ls implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Only ids starting with this.")
    String prefix;
    @Option(names = "--deleted", description = "Include deleted files.")
    boolean deleted;

    @Override
    public Integer call() throws IOException {
        List<RemoteFile> files = cli.client().list(deleted).stream()
                .filter(f -> prefix == null || f.id().value().startsWith(prefix)).toList();
        StringBuilder human = new StringBuilder();
        for (RemoteFile f : files) {
            human.append(String.format("%6s  %12d  %-24s  %s%s%n", "v" + f.version(), f.size(),
                    f.updatedAt() == null ? "" : f.updatedAt().toString(), f.id(), f.deleted() ? "  (deleted)" : ""));
        }
        human.append(files.size()).append(files.size() == 1 ? " file" : " files");
        cli.print(human.toString(), new FileList(files.stream().map(RemoteFile::toWire).toList(), files.size()));
        return ExitCodes.OK;
    }
}
