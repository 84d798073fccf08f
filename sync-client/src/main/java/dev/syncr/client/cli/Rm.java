package dev.syncr.client.cli;

import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr rm ID}: deletes a file (a deleted version; history keeps the old ones). */
@Command(name = "rm", description = "Delete a file (a new, deleted version; history keeps the old ones).")
final class Rm implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Option(names = "--expected-version", paramLabel = "N", description = "Only delete if the server is at N.")
    Long expected;

    @Override
    public Integer call() throws IOException {
        FileId fileId = SyncrCli.fileId(id);
        SyncClient client = cli.client();
        return cli.report(expected == null ? client.delete(fileId) : client.delete(fileId, expected), "deleted");
    }
}
