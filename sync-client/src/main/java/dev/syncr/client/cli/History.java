package dev.syncr.client.cli;

import dev.syncr.client.RemoteVersion;
import dev.syncr.core.FileId;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr history ID}: a file's versions, newest first. */
@Command(name = "history", description = "Show a file's versions, newest first.")
final class History implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws IOException {
        FileId fileId = SyncrCli.fileId(id);
        var history = cli.client().fullHistory(fileId);
        List<RemoteVersion> versions = history.versions();
        if (versions.isEmpty()) {
            cli.print("not found: " + fileId, SyncrCli.notFound(fileId, "no file " + fileId));
            return ExitCodes.NOT_FOUND;
        }
        StringBuilder human = new StringBuilder();
        for (RemoteVersion v : versions) {
            human.append(String.format("%6s  %-24s  %-16s  %s%s%n", "v" + v.version(), v.createdAt(),
                    v.clientId(), v.deleted() ? "(deleted)" : v.size() + " bytes  " + v.contentHash().substring(0, 12),
                    v.mergedFrom().map(m -> "  merged: an edit of v" + m.baseVersion() + " with v"
                            + m.headVersion()).orElse("")));
        }
        history.renamedFrom().ifPresent(r -> human.append("renamed from ").append(r.fileId().value())
                .append(" (its v").append(r.version()).append("): the versions before the rename are there (syncr "
                        + "history ").append(r.fileId().value()).append(")\n"));
        cli.print(human.toString().stripTrailing(), new dev.syncr.api.History(fileId.value(),
                versions.stream().map(RemoteVersion::toWire).toList(), history.renamedFrom().map(r ->
                        new dev.syncr.api.RenamedFrom(r.fileId().value(), r.version())).orElse(null)));
        return ExitCodes.OK;
    }
}
