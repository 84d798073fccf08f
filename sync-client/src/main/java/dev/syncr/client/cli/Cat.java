package dev.syncr.client.cli;

import dev.syncr.client.RemoteFile;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr cat ID}: prints a file's content. */
@Command(name = "cat", description = "Print a file's content to standard output.")
final class Cat implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws IOException {
        FileId fileId = SyncrCli.fileId(id);
        Optional<RemoteFile> got = cli.client().download(fileId, cli.out);
        cli.out.flush();
        if (got.isEmpty()) {
            cli.err.println("syncr: not found: " + fileId);
            return ExitCodes.NOT_FOUND;
        }
        return ExitCodes.OK;
    }
}
