package dev.syncr.client.cli;

import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr put FILE}: uploads a local file as a new version, sending only the chunks the server lacks. */
@Command(name = "put", description = "Upload a local file (as a new version of the file it names).")
final class Put implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "FILE", description = "Local file to upload.")
    Path file;
    @Option(names = "--as", paramLabel = "ID", description = "File id on the server (default: the file's name).")
    String as;
    @Option(names = "--expected-version", paramLabel = "N",
            description = "Only write if the server is at version N (0: only create). Default: the current head.")
    Long expected;

    @Override
    public Integer call() throws IOException {
        FileId id = SyncrCli.fileId(as != null ? as : file.getFileName().toString());
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        SyncClient client = cli.client();
        long base = SyncrCli.baseVersion(client, id, expected);
        // as chunks: only what the server does not have yet goes over the wire
        return cli.report(client.putFile(id, base, file, cli.transfer("put " + id)), "uploaded");
    }
}
