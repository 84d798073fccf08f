package dev.syncr.bench;

import dev.syncr.server.SyncServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server under test, in its own JVM, so its memory is its own and measurable. */
final class ServerChild implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/)");

    final Process process;
    final URI uri;

    private ServerChild(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    static ServerChild start(String maxHeap, List<String> flags) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + maxHeap, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                SyncServer.class.getName(), "--port", "0"));
        command.addAll(flags);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the server exited
            }
            listening.completeExceptionally(new IOException("server exited before listening"));
        });
        try {
            return new ServerChild(process, listening.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage(), e);
        }
    }

    /** Resident set size of the server process in bytes (Linux), or -1. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
