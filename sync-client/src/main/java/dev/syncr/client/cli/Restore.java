package dev.syncr.client.cli;

import dev.syncr.api.RestoreWrite;
import dev.syncr.client.RemoteVersion;
import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr restore ID VERSION}: makes an old version the current one, as a new version. */
@Command(name = "restore", description = "Make an old version the current one (as a new version).")
final class Restore implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Parameters(index = "1", paramLabel = "VERSION")
    long version;
    @Option(names = "--expected-version", paramLabel = "N", description = "Only restore if the server is at N.")
    Long expected;

    @Override
    public Integer call() throws IOException {
        FileId fileId = SyncrCli.fileId(id);
        SyncClient client = cli.client();
        long base = expected != null ? expected
                : client.history(fileId).stream().findFirst().map(RemoteVersion::version).orElse(0L);
        return cli.report(client.restore(fileId, new RestoreWrite(version, base)), "restored");
    }
}
