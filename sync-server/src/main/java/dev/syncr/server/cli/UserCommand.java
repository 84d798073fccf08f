package dev.syncr.server.cli;

import dev.syncr.core.Namespace;
import dev.syncr.server.bootstrap.Stores;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.User;
import dev.syncr.server.accounts.UserName;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr-server user add|list|remove|passwd}: the server's accounts, managed beside a running server. */
@Command(name = "user", description = "Add, list and remove users, and set their passwords.",
        mixinStandardHelpOptions = true)
final class UserCommand {

    @ParentCommand
    ServerCommand server;

    @Command(name = "add", description = "Adds a user with a private home for their files.")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
            boolean fromStdin,
            @Option(names = "--adopt-local", description = "Give this user the files written while the server ran "
                    + "without accounts (the open local mode).") boolean adoptLocal,
            @Option(names = "--adopt", paramLabel = "NAMESPACE", description = "Give this user the files of a "
                    + "namespace nobody owns (as printed by user remove).") String adopt,
            @Option(names = "--quota", paramLabel = "SIZE", converter = ByteSize.class, description = "What the "
                    + "user's files may hold (10G, 500M, none); default: --default-quota.") Long quota)
            throws Exception {
        UserName user = UserName.parse(name);
        if (adoptLocal && adopt != null) {
            throw new IllegalArgumentException("give --adopt-local or --adopt, not both");
        }
        Optional<Namespace> adopted = adoptLocal ? Optional.of(Namespace.LOCAL)
                : Optional.ofNullable(adopt).map(Namespace::new);
        String password = password(user, fromStdin, true);
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            User added = stores.accounts().addUser(user, password, adopted);
            if (quota != null) {
                stores.accounts().setQuota(added.name(), java.util.OptionalLong.of(quota));
            }
            System.out.println("added user " + added.name() + adopted.map(ns -> ", with the " + fileCount(stores, ns)
                    + " file(s) of namespace " + ns.id()).orElse(""));
            System.out.println("next: java -jar syncr-server.jar token create " + added.name() + " --label laptop");
        }
        return 0;
    }

    @Command(name = "list", description = "Lists users: name, created, device tokens, storage used and quota.")
    int list() throws Exception {
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            Accounts accounts = stores.accounts();
            for (User user : accounts.users()) {
                System.out.println(user.name() + "\tcreated " + user.createdAt() + "\ttokens "
                        + accounts.tokens(user.name()).size() + "\tusing " + ByteSize.show(usage(stores, user.home()))
                        + " of " + ByteSize.show(accounts.quota(user.name())));
            }
        }
        return 0;
    }

    @Command(name = "quota", description = "Sets what a user's files may hold (counted once per distinct content, "
            + "live files only); a write past it is refused with 507.")
    int quota(@Parameters(index = "0", paramLabel = "NAME") String name,
              @Parameters(index = "1", paramLabel = "SIZE", description = "10G, 500M, none (no limit), or default "
                      + "(the server's --default-quota)") String size) throws Exception {
        UserName user = UserName.parse(name);
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            java.util.OptionalLong quota = size.strip().equalsIgnoreCase("default") ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(ByteSize.parse(size));
            stores.accounts().setQuota(user, quota);
            System.out.println(user + " may use " + ByteSize.show(stores.accounts().quota(user)) + " (using "
                    + ByteSize.show(usage(stores, stores.accounts().users().stream()
                    .filter(u -> u.name().equals(user)).findFirst().orElseThrow().home())) + ")");
        }
        return 0;
    }

    @Command(name = "remove", description = "Removes a user and revokes their tokens; their files are kept.")
    int remove(@Parameters(paramLabel = "NAME") String name) throws Exception {
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            User removed = stores.accounts().removeUser(UserName.parse(name));
            System.out.println("removed user " + removed.name() + " and revoked their tokens; their "
                    + fileCount(stores, removed.home()) + " file(s) stay in namespace " + removed.home().id()
                    + " (user add NAME --adopt " + removed.home().id() + " gives them to a user)");
        }
        return 0;
    }

    @Command(name = "passwd", description = "Sets a user's password and signs out their browsers (device tokens keep "
            + "working unless --revoke-tokens).")
    int passwd(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
               boolean fromStdin,
               @Option(names = "--revoke-tokens", description = "Also revoke every device token of the user (a "
                       + "password that leaked may have bought some): each device logs in again.")
               boolean revokeTokens) throws Exception {
        UserName user = UserName.parse(name);
        String password = password(user, fromStdin, true);
        try (Stores stores = Stores.forAdmin(server.config(), false)) {
            int revoked = stores.accounts().changePassword(user, password, revokeTokens);
            System.out.println("password changed for " + user + "; " + revoked + (revokeTokens
                    ? " browser stores(s) and device token(s) revoked"
                    : " browser stores(s) signed out (device tokens keep working; --revoke-tokens revokes them)"));
        }
        return 0;
    }

    /** What a namespace's live files hold, as a quota counts it. */
    private static long usage(Stores stores, Namespace namespace) {
        return stores.metadata().in(namespace).usage();
    }

    /** How many files (deleted ones included) a namespace holds. */
    private static int fileCount(Stores stores, Namespace namespace) {
        return stores.metadata().in(namespace).list().size();
    }

    /** From stdin when asked (scripts), else from the terminal without echo, typed twice. */
    static String password(UserName user, boolean fromStdin, boolean confirm) throws IOException {
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("--password-stdin: nothing on stdin");
            }
            return line;
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for a password; use --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", user);
        if (first == null) {
            throw new IllegalArgumentException("no password given");
        }
        if (confirm) {
            char[] again = console.readPassword("Same password again: ");
            if (again == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ; nothing was changed");
            }
        }
        return new String(first);
    }
}
