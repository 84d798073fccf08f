package dev.syncr.server.cli;

import dev.syncr.server.accounts.AccountException;
import dev.syncr.server.bootstrap.ServerConfig;
import dev.syncr.server.bootstrap.StartupWait;
import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The server's command line, read once: either the settings to serve with, or an exit code because it asked for
 * something else (help, the version, an admin command, which then ran) or was wrong (one line on stderr, code 2).
 */
public final class ServerCli {

    /** What the command line asks for. */
    public sealed interface Outcome {
        /** Start a server with these settings. */
        record Serve(ServerConfig config) implements Outcome {
        }

        /** Nothing to serve: exit with this code. */
        record Exit(int code) implements Outcome {
        }
    }

    /** Held here: the logging framework keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger POOL_LOG = Logger.getLogger("com.zaxxer.hikari");

    private ServerCli() {
    }

    public static Outcome run(String... args) {
        ServerConfig[] serve = new ServerConfig[1];
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("syncr-server: " + e.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof AccountException) {
                commandLine.getErr().println("syncr-server: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("syncr-server: " + StartupWait.reasonOf(e));
            return 1;
        });
        cli.setExecutionStrategy(parsed -> {
            if (CommandLine.executeHelpRequest(parsed) != null) {
                return 0;
            }
            if (parsed.subcommand() != null) {
                // an admin command (user …, token …): runs against the server's stores and exits; its output is
                // what it says, not the connection pool's start and stop
                POOL_LOG.setLevel(Level.WARNING);
                return new CommandLine.RunLast().execute(parsed);
            }
            ServerCommand command = parsed.commandSpec().commandLine().getCommand();
            try {
                serve[0] = command.config();
            } catch (IllegalArgumentException e) {
                cli.getErr().println("syncr-server: " + e.getMessage());
                return 2;
            }
            return 0;
        });
        int code = cli.execute(args);
        return serve[0] != null ? new Outcome.Serve(serve[0]) : new Outcome.Exit(code);
    }

    /**
     * The settings {@code args} give, for tests and embedding.
     *
     * @throws IllegalArgumentException for flags that are unknown, malformed or do not go together
     */
    public static ServerConfig parse(String... args) {
        ServerCommand command = new ServerCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.config();
    }
}
