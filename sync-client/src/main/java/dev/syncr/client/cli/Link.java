package dev.syncr.client.cli;

import dev.syncr.api.LinkView;
import dev.syncr.core.FileId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code syncr link create|revoke}: links to your files that work without an account. */
@Command(name = "link", description = "Make or revoke a link to a file or folder (no account needed to open it).",
        subcommands = {Link.Create.class, Link.Revoke.class})
final class Link {
    @ParentCommand
    SyncrCli cli;

    /** {@code syncr link create PATH}: prints the link once. */
    @Command(name = "create", description = "Make a link: anyone with it can view (or, with --upload-only, add "
            + "files to) the file or folder. The link is printed once.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        Link link;
        @Parameters(index = "0", paramLabel = "PATH", description = "The file or folder, as on the server.")
        String path;
        @Option(names = "--upload-only", description = "A file drop: visitors add files, see none.")
        boolean uploadOnly;
        @Option(names = "--expires", paramLabel = "DURATION", description = "Stop working after this long (30m, "
                + "12h, 7d).")
        String expires;
        @Option(names = "--password-stdin", description = "Ask visitors for a password, read from stdin's first "
                + "line.")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            SyncrCli cli = link.cli;
            Optional<String> password = Optional.empty();
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(cli.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("--password-stdin: nothing on stdin");
                }
                password = Optional.of(line);
            }
            Optional<Instant> until = Optional.ofNullable(expires).map(Link::duration).map(Instant.now()::plus);
            LinkView made = cli.client().sharing().link(FileId.of(path), uploadOnly ? "upload" : "view", password,
                    until);
            String url = cli.serverUri().resolve(made.url()).toString();
            cli.print("link " + made.id() + " to " + made.path() + " (" + made.access() + (made.expiresAt() == null
                    ? "" : ", until " + made.expiresAt()) + "); shown only now:\n" + url, Map.of("link", made,
                    "full_url", url));
            return ExitCodes.OK;
        }
    }

    /** {@code syncr link revoke ID}. */
    @Command(name = "revoke", description = "Revoke a link: it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        Link link;
        @Parameters(index = "0", paramLabel = "ID", description = "The link's id (syncr links lists them).")
        String id;

        @Override
        public Integer call() throws Exception {
            link.cli.client().sharing().revokeLink(id);
            link.cli.print("revoked link " + id, Map.of("revoked", id));
            return ExitCodes.OK;
        }
    }

    /** {@code 30m}, {@code 12h}, {@code 7d}. */
    static Duration duration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([mhd])").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--expires takes a number and m, h or d (7d), not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
