package dev.syncr.client.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr leave SHARE}: leave a folder shared with you. */
@Command(name = "leave", description = "Leave a folder shared with you: it leaves your files (your devices remove "
        + "the copies you have not changed); nothing on the server is deleted.")
final class Leave implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "SHARE", description = "The share's id, or its folder in your files.")
    String share;

    @Override
    public Integer call() throws Exception {
        long id = Share.resolve(cli, share);
        cli.client().sharing().leave(id);
        cli.print("left share " + id, Map.of("share", id, "left", true));
        return ExitCodes.OK;
    }
}
