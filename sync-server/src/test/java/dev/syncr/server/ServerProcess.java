package dev.syncr.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

    private static final Pattern LISTENING = Pattern.compile("listening on (https?://\\S+/)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<URI> listening = new CompletableFuture<>();
    /** Guarded by {@code output}: the process closed its output, nothing more will come. */
    private boolean outputEnded;

    private ServerProcess(Process process) {
        this.process = process;
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                        output.notifyAll();
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            synchronized (output) {
                outputEnded = true;
                output.notifyAll();
            }
            listening.completeExceptionally(new IOException("server exited before listening:\n" + output));
        }, "server-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code SyncServer} with the test classpath, the given heap limit and flags; waits until it listens. */
    public static ServerProcess start(String maxHeap, String... flags) throws IOException {
        ServerProcess server = launch(maxHeap, flags);
        try {
            server.awaitListening(Duration.ofSeconds(120));
            return server;
        } catch (IOException e) {
            server.process.destroyForcibly();
            throw e;
        }
    }

    /** What an admin command ({@code user …}, {@code token …}) printed and exited with. */
    public record AdminRun(int exitCode, String stdout, String stderr) {

        /** The last line of stdout (where {@code token create} puts the token). */
        public String lastLine() {
            List<String> lines = stdout.lines().toList();
            return lines.isEmpty() ? "" : lines.getLast();
        }
    }

    /** Runs the server jar's main with an admin subcommand, as an operator would, feeding {@code stdin}. */
    public static AdminRun admin(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SyncServer.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("admin command did not finish: " + String.join(" ", args));
        }
        return new AdminRun(process.exitValue(), out, err.join());
    }

    /** Starts {@code SyncServer} and returns at once, whether or not it will ever listen. */
    public static ServerProcess launch(String maxHeap, String... flags) throws IOException {
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
        return new ServerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits (generously: a loaded machine starts a JVM slowly) until the server says it listens. */
    public URI awaitListening(Duration timeout) throws IOException {
        try {
            return listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("server did not start: " + e.getMessage() + "\n" + output, e);
        }
    }

    /** Waits until the server has printed a line containing {@code text}; false if it exited or time ran out. */
    public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    return false;
                }
                output.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
            return true;
        }
    }

    /** Everything the server printed so far, stdout and stderr together. */
    public String output() {
        return output.toString();
    }

    /** Waits for the process to end on its own and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("server still running after " + timeout + ":\n" + output);
        }
        return process.exitValue();
    }

    public URI uri() {
        return listening.getNow(null);
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

    /**
     * SIGTERM, as docker stop or systemd sends it; returns at once. Through the process handle: {@code Process.destroy}
     * would also close our end of its output, and what it says while stopping would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
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
