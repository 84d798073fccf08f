package dev.syncr.client.cli;

import dev.syncr.api.DeviceTokenIssued;
import dev.syncr.client.SyncClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code syncr login}: a password for a device token, remembered for every later command. */
@Command(name = "login", description = "Log in to a server: asks for the password and keeps this device's token "
        + "(owner-only, in the config directory) for every later command.")
final class Login implements Callable<Integer> {

    @ParentCommand
    SyncrCli cli;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Your user name on the server.")
    String user;

    @Option(names = "--label", paramLabel = "LABEL", description = "Name of this device's token (default: the host).")
    String label;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Override
    public Integer call() throws Exception {
        URI server = cli.serverUri();
        char[] password = password();
        String device = label != null ? label : SyncrCli.hostName();
        DeviceTokenIssued issued;
        try (SyncClient anonymous = new SyncClient(server, cli.clientIdOrDefault(), SyncClient.RetryPolicy.DEFAULT,
                cli.trust(null))) {
            issued = anonymous.login(user, password, device);
        }
        new SavedLogin(server.toString(), issued.username(), issued.token(), issued.tokenId(),
                cli.caCert == null ? null : cli.caCert.toAbsolutePath().toString()).save();
        cli.print("logged in to " + server + " as " + issued.username() + " (token " + issued.tokenId() + ", "
                + issued.label() + ")", new LoggedIn(server.toString(), issued.username(), issued.tokenId(),
                issued.label()));
        return ExitCodes.OK;
    }

    /** What {@code login --json} prints: never the token. */
    record LoggedIn(String server, String username, String tokenId, String label) {
    }

    private char[] password() throws Exception {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("--password-stdin: nothing on stdin");
            }
            return line.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask for the password; use --password-stdin");
        }
        return Optional.ofNullable(console.readPassword("Password for %s: ", user))
                .orElseThrow(() -> new IllegalArgumentException("no password given"));
    }
}
