package dev.syncr.client.cli;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.syncr.api.ApiError;
import dev.syncr.api.ApiJson;
import dev.syncr.api.FileList;
import dev.syncr.api.RestoreWrite;
import dev.syncr.client.Access;
import dev.syncr.client.NotAuthorizedException;
import dev.syncr.client.RemoteFile;
import dev.syncr.client.RemoteVersion;
import dev.syncr.client.RequestRejectedException;
import dev.syncr.client.ServerUnavailableException;
import dev.syncr.client.SyncClient;
import dev.syncr.client.TargetChangedException;
import dev.syncr.client.WriteResult;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/** {@code syncr}: the command line for a Syncr server. Exit codes are in {@link ExitCodes}. */
@Command(name = "syncr", mixinStandardHelpOptions = true, version = "syncr 0.1.0",
        description = "Talk to a Syncr server: put, get and list files, see history, restore, delete, share.",
        subcommands = {Put.class, Get.class, Cat.class, Ls.class, Rm.class, History.class, Restore.class,
                Share.class, Shares.class, Unshare.class, Leave.class, Link.class, Links.class, Sync.class, Sync.Status.class,
                Conflicts.class, Conflicts.Resolve.class, Login.class, Logout.class},
        exitCodeOnInvalidInput = ExitCodes.BAD_INPUT)
public final class SyncrCli {

    /** Loaded on first use: most commands print text, and Jackson's classes are a third of a cold start. */
    private static final class Json {
        static final ObjectWriter WRITER = ApiJson.TOLERANT.writerWithDefaultPrettyPrinter();
    }

    static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:8000");

    @Option(names = "--server", defaultValue = "${env:SYNCR_SERVER}",
            description = "Server URL. Env SYNCR_SERVER. Default: the server of the last login, else "
                    + "http://127.0.0.1:8000.", scope = CommandLine.ScopeType.INHERIT)
    URI server;

    @Option(names = "--ca-cert", defaultValue = "${env:SYNCR_CA_CERT}", paramLabel = "PEM",
            description = "Trust the server's certificate through this CA (or self-signed) certificate. "
                    + "Env SYNCR_CA_CERT. Remembered by login.", scope = CommandLine.ScopeType.INHERIT)
    Path caCert;

    @Option(names = "--client-id", defaultValue = "${env:SYNCR_CLIENT_ID}",
            description = "Name this client uses on the server (default: user@host). Env SYNCR_CLIENT_ID.",
            scope = CommandLine.ScopeType.INHERIT)
    String clientId;

    @Option(names = "--json", description = "Print results as JSON, for scripts.", scope = CommandLine.ScopeType.INHERIT)
    boolean json;

    @Option(names = "--streams", defaultValue = "${env:SYNCR_STREAMS:-4}", paramLabel = "N",
            description = "Chunks moved at once by put and get. Env SYNCR_STREAMS. Default: ${DEFAULT-VALUE}.",
            scope = CommandLine.ScopeType.INHERIT)
    int streams;

    /** How put and get move chunks: --streams at once, with a progress bar of the bytes that actually travel. */
    dev.syncr.client.TransferOptions transfer(String label) {
        return dev.syncr.client.TransferOptions.DEFAULT.withStreams(streams).withListener(Progress.listener(label,
                err));
    }

    InputStream in = System.in;
    PrintStream out = System.out;
    PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line and returns its exit code; for tests and embedding. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.in, out, err, args);
    }

    /** As {@link #run(PrintStream, PrintStream, String...)}, reading {@code --password-stdin} from {@code in}. */
    public static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
        SyncrCli cli = new SyncrCli();
        cli.in = in;
        cli.out = out;
        cli.err = err;
        CommandLine line = new CommandLine(cli);
        // Every subcommand answers -h/--help, before it checks its own arguments. Only help is added to them:
        // the standard --version would clash with `get --version N`, a file version.
        line.getSubcommands().values().forEach(sub -> sub.getCommandSpec().addOption(
                CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build()));
        line.setOut(new java.io.PrintWriter(out, true));
        line.setErr(new java.io.PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> cli.fail(e));
        try {
            return line.execute(args);
        } finally {
            if (cli.client != null) {
                // An idle HTTP client thread sits in native code, and the JVM waits 300 ms at exit for such threads.
                cli.client.close();
            }
        }
    }

    private SyncClient client;

    /** The one client of this command line, made on first use, with the token of the login for its server. */
    SyncClient client() throws IOException {
        if (client == null) {
            URI uri = serverUri();
            Optional<SavedLogin> saved = SavedLogin.load().filter(login -> login.isFor(uri));
            String token = Optional.ofNullable(System.getenv("SYNCR_TOKEN")).filter(t -> !t.isBlank())
                    .orElse(saved.map(SavedLogin::token).orElse(null));
            client = new SyncClient(uri, clientIdOrDefault(), SyncClient.RetryPolicy.DEFAULT,
                    trust(saved.map(SavedLogin::caCert).orElse(null)).withToken(token));
        }
        return client;
    }

    /** A client for a saved login's server, with its token (for logout). */
    SyncClient clientFor(SavedLogin login) throws IOException {
        return new SyncClient(URI.create(login.server()), clientIdOrDefault(), SyncClient.RetryPolicy.DEFAULT,
                trust(login.caCert()).withToken(login.token()));
    }

    /** The server: --server (or SYNCR_SERVER), else the last login's, else the local default. */
    URI serverUri() throws IOException {
        if (server != null) {
            return server;
        }
        return SavedLogin.load().map(login -> URI.create(login.server())).orElse(DEFAULT_SERVER);
    }

    /** Trust for TLS: --ca-cert, else the CA remembered at login, else the JDK's authorities. */
    Access trust(String savedCaCert) throws IOException {
        Path ca = caCert != null ? caCert : savedCaCert == null ? null : Path.of(savedCaCert);
        return ca == null ? Access.NONE : Access.NONE.withCaCert(ca);
    }

    private String serverForHint() {
        try {
            return serverUri().toString();
        } catch (IOException e) {
            return "URL";
        }
    }

    String clientIdOrDefault() {
        if (clientId != null && !clientId.isBlank()) {
            return clientId;
        }
        return System.getProperty("user.name", "user") + "@" + hostName();
    }

    static String hostName() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "local";
            }
        });
    }

    static FileId fileId(String raw) {
        return FileId.of(raw);
    }

    private int fail(Exception e) {
        return switch (e) {
            case ServerUnavailableException u -> {
                err.println("syncr: cannot reach " + (server != null ? server : "the server") + ": " + u.getMessage());
                yield ExitCodes.UNAVAILABLE;
            }
            case NotAuthorizedException n -> {
                err.println("syncr: not authorized by " + serverForHint() + ": " + n.getMessage()
                        .replaceAll(" \\(HTTP 401[^)]*\\)$", "") + "; log in with: syncr login --server "
                        + serverForHint() + " --user NAME");
                yield ExitCodes.NOT_AUTHORIZED;
            }
            case RequestRejectedException r -> {
                err.println("syncr: " + r.getMessage());
                yield r.status() == 404 ? ExitCodes.NOT_FOUND : r.status() == 403 ? ExitCodes.NOT_AUTHORIZED
                        : ExitCodes.BAD_INPUT;
            }
            case IllegalArgumentException a when !(a instanceof InvalidFileIdException) -> {
                err.println("syncr: " + a.getMessage());
                yield ExitCodes.BAD_INPUT;
            }
            case InvalidFileIdException i -> {
                err.println("syncr: invalid file id '" + i.rejected() + "': " + i.reason());
                yield ExitCodes.BAD_INPUT;
            }
            case TargetChangedException t -> {
                err.println("syncr: " + t.getMessage());
                yield ExitCodes.CONFLICT;
            }
            case java.nio.file.NoSuchFileException n -> {
                err.println("syncr: no such local file: " + n.getFile());
                yield ExitCodes.NOT_FOUND;
            }
            case java.io.IOException io when io.getMessage() != null -> {
                err.println("syncr: " + io.getMessage()); // ours say what happened; the class name says nothing
                yield ExitCodes.FAILED;
            }
            default -> {
                err.println("syncr: " + e);
                yield ExitCodes.FAILED;
            }
        };
    }

    void print(String human, Object machine) {
        if (json) {
            try {
                out.println(Json.WRITER.writeValueAsString(machine));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            out.println(human);
        }
    }

    /** Prints a write's outcome (with {@code --json}: the server's own answer) and turns it into an exit code. */
    int report(WriteResult result, String verb) {
        Record wire = result.toWire();
        return switch (result) {
            case WriteResult.Committed c -> {
                print(c.created() ? verb + " " + c.id() + " v" + c.version()
                        : verb + " " + c.id() + ": v" + c.previousVersion() + " → v" + c.version(), wire);
                yield ExitCodes.OK;
            }
            case WriteResult.Unchanged u -> {
                print("unchanged " + u.id() + " v" + u.version() + " (the server already has this)", wire);
                yield ExitCodes.OK;
            }
            case WriteResult.Conflict c -> {
                print("CONFLICT on " + c.id() + ": expected v" + c.expectedVersion() + ", server has v"
                        + c.currentVersion(), wire);
                yield ExitCodes.CONFLICT;
            }
            case WriteResult.Merged m -> {
                print("merged " + m.id() + ": your edit (on v" + m.baseVersion() + ") and v" + m.headVersion()
                        + " → v" + m.version(), wire);
                yield ExitCodes.OK;
            }
            case WriteResult.KeptBoth k -> {
                print("CONFLICT on " + k.id() + ": kept both; yours is " + k.conflict().copy() + " (conflict "
                        + k.conflict().id() + ": syncr resolve " + k.conflict().id() + " --keep ...)", wire);
                yield ExitCodes.CONFLICT;
            }
            case WriteResult.NotFound n -> {
                print("not found: " + n.message(), wire);
                yield ExitCodes.NOT_FOUND;
            }
        };
    }

    /** A 404 as the server words it, for {@code --json}. */
    static ApiError notFound(FileId id, String message) {
        return ApiError.of("not_found", message, id.value());
    }

    /** What {@code get} wrote where. */
    record Downloaded(String fileId, long version, long sizeBytes, String contentHash, String path) {
    }

    /** Version based on: the one given, else the server's current head (0 when the file is new or deleted). */
    static long baseVersion(SyncClient client, FileId id, Long given) {
        if (given != null) {
            return given;
        }
        return client.metadata(id).map(RemoteFile::version).orElse(0L);
    }
}
