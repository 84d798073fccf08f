package dev.syncr.client.cli;

import dev.syncr.client.RemoteFile;
import dev.syncr.client.SyncClient;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code syncr get ID}: downloads the current version (or an old one) to a local file, never over a save made
 * meanwhile.
 */
@Command(name = "get", description = "Download a file (or an old version) to a local file.")
final class Get implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: the file's name here).")
    Path out;
    @Option(names = "--version", paramLabel = "N", description = "An old version instead of the current one.")
    Long version;

    @Override
    public Integer call() throws IOException {
        FileId fileId = SyncrCli.fileId(id);
        SyncClient client = cli.client();
        Path target = out != null ? out : Path.of(fileId.name());
        // the head as chunks (only those the local copy lacks are fetched); an old version whole; either way
        // placed the same checked way, so a file saved meanwhile is kept
        Optional<RemoteFile> got = version == null
                ? client.getFile(fileId, target, cli.transfer("get " + fileId))
                : client.downloadVersion(fileId, version, target);
        if (got.isEmpty()) {
            String missing = fileId + (version == null ? "" : " v" + version);
            cli.print("not found: " + missing, SyncrCli.notFound(fileId, "no file " + missing));
            return ExitCodes.NOT_FOUND;
        }
        RemoteFile file = got.get();
        cli.print("downloaded " + fileId + " v" + file.version() + " → " + target, new SyncrCli.Downloaded(
                fileId.value(), file.version(), file.size(), file.contentHash(), target.toString()));
        return ExitCodes.OK;
    }
}
