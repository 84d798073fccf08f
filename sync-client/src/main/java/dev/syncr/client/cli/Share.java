package dev.syncr.client.cli;

import dev.syncr.api.ShareView;
import dev.syncr.core.FileId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr share PATH --with USER}: shares a folder of your files with someone. */
@Command(name = "share", description = "Share a folder of your files with someone (they get it in their files; its "
        + "files count against your quota).")
final class Share implements Callable<Integer> {
    @ParentCommand
    SyncrCli cli;
    @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder, as on the server (Project).")
    String folder;
    @Option(names = "--with", required = true, paramLabel = "USER", description = "Who to share it with.")
    String with;
    @Option(names = "--role", defaultValue = "editor", paramLabel = "ROLE",
            description = "viewer (read) or editor (read and write). Default: ${DEFAULT-VALUE}.")
    String role;

    @Override
    public Integer call() throws Exception {
        ShareView shared = cli.client().sharing().share(FileId.of(folder), with, role);
        cli.print("shared " + shared.path() + " with " + with + " as " + role + " (share " + shared.id() + ")",
                shared);
        return ExitCodes.OK;
    }

    /** A share named by its id, or by where it sits in your files. */
    static long resolve(SyncrCli cli, String share) throws java.io.IOException {
        if (share.chars().allMatch(Character::isDigit) && !share.isEmpty()) {
            return Long.parseLong(share);
        }
        String path = share.replaceAll("/+$", "");
        return cli.client().sharing().list().stream().filter(s -> s.path().equals(path)).findFirst()
                .map(ShareView::id).orElseThrow(() -> new IllegalArgumentException("no shared folder at " + path
                        + " (syncr shares lists them)"));
    }
}
