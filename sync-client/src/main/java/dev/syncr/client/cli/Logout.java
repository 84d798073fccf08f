package dev.syncr.client.cli;

import dev.syncr.client.NotAuthorizedException;
import dev.syncr.client.SyncClient;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code syncr logout}: revokes this device's token on the server and forgets it here. */
@Command(name = "logout", description = "Log out: revoke this device's token on the server and forget it.")
final class Logout implements Callable<Integer> {

    @ParentCommand
    SyncrCli cli;

    @Override
    public Integer call() throws Exception {
        Optional<SavedLogin> saved = SavedLogin.load();
        if (saved.isEmpty()) {
            cli.print("not logged in", new Logout.LoggedOut(null, false));
            return ExitCodes.OK;
        }
        boolean revoked = false;
        try (SyncClient client = cli.clientFor(saved.get())) {
            client.logout();
            revoked = true;
        } catch (NotAuthorizedException alreadyGone) {
            revoked = true; // revoked on the server already
        }
        SavedLogin.forget();
        cli.print("logged out of " + saved.get().server(), new LoggedOut(saved.get().server(), revoked));
        return ExitCodes.OK;
    }

    record LoggedOut(String server, boolean revoked) {
    }
}
