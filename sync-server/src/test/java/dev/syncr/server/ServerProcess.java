package dev.syncr.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sync server in its own JVM, for what only a separate process can show: a bounded heap, a kill, several
 * servers sharing one database.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/)");

    private final Process process;
    private final URI uri;

    private ServerProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Starts {@code SyncServer} with the test classpath, the given heap limit and flags; waits until it listens. */
    public static ServerProcess start(String maxHeap, String... flags) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SyncServer.class.getName());
        command.add("--port");
        command.add("0");
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<URI> listening = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            listening.completeExceptionally(new IOException("server exited before listening:\n" + output));
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(process, listening.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage() + "\n" + output, e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** Resident set size in bytes, from /proc, or -1 where that is not available. */
    public long rssBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** SIGKILL: no shutdown hook, no flush — what a crash looks like. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
