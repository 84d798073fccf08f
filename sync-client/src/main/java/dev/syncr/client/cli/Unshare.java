package dev.syncr.client.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr unshare SHARE --user USER}: the owner takes someone out of a shared folder. */
@Command(name = "unshare", description = "Take someone out of a folder you share (nothing is deleted; it leaves "
        + "their files and devices).")
final class Unshare implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "SHARE", description = "The share's id, or its folder in your files.")
    String share;
    @Option(names = "--user", required = true, paramLabel = "USER", description = "The member to remove.")
    String user;

    @Override
    public Integer call() throws Exception {
        long id = Share.resolve(cli, share);
        cli.client().sharing().remove(id, user);
        cli.print("removed " + user + " from share " + id, Map.of("share", id, "removed", user));
        return ExitCodes.OK;
    }
}
