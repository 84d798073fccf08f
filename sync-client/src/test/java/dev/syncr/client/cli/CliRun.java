package dev.syncr.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One {@code syncr} run in this JVM, as a test sees it: exit code, standard output and standard error. */
public record CliRun(int code, String out, String err) {

    public JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out);
    }

    /** {@code syncr --server SERVER --client-id CLIENT ARGS...} with nothing on standard input. */
    public static CliRun of(URI server, String clientId, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server";
        all[1] = server.toString();
        all[2] = "--client-id";
        all[3] = clientId;
        System.arraycopy(args, 0, all, 4, args.length);
        return withInput("", all);
    }

    /** {@code syncr ARGS...} reading {@code stdin}. */
    public static CliRun withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SyncrCli.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
