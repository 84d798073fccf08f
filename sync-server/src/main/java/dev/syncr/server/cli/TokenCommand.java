package dev.syncr.server.cli;

import dev.syncr.server.bootstrap.Stores;
import dev.syncr.server.accounts.DeviceToken;
import dev.syncr.server.accounts.IssuedToken;
import dev.syncr.server.accounts.UserName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr-server token create|list|revoke}: device tokens, one per device, each revocable alone. */
@Command(name = "token", description = "Create, list and revoke device tokens.", mixinStandardHelpOptions = true)
final class TokenCommand {

    @ParentCommand
    ServerCommand server;

    @Command(name = "create", description = "Creates a token for a user's device; it is printed once, alone on "
            + "the last line.")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--label", paramLabel = "LABEL", defaultValue = "device",
                       description = "Which device it is for, e.g. laptop. Default: ${DEFAULT-VALUE}.") String label)
            throws Exception {
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            IssuedToken issued = stores.accounts().createToken(UserName.parse(name), label);
            System.out.println("token " + issued.details().id() + " for " + issued.details().user() + " ("
                    + issued.details().label() + "); it is shown only now, keep it like a password:");
            System.out.println(issued.token());
        }
        return 0;
    }

    @Command(name = "list", description = "Lists a user's tokens: id, label, created, last used (never the token).")
    int list(@Parameters(paramLabel = "NAME") String name) throws Exception {
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            for (DeviceToken token : stores.accounts().tokens(UserName.parse(name))) {
                System.out.println(token.id() + "\t" + token.label() + "\tcreated " + token.createdAt()
                        + "\tlast used " + (token.lastUsedAt() == null ? "never" : token.lastUsedAt()));
            }
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revokes a token by id; the next request with it is refused.")
    int revoke(@Parameters(paramLabel = "ID") String id) throws Exception {
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            stores.accounts().revokeToken(id.strip());
            System.out.println("revoked token " + id.strip());
        }
        return 0;
    }
}
