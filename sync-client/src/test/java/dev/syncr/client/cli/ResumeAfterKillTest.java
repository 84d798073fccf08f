package dev.syncr.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.SyncServer;
import dev.syncr.server.TcpProxy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code syncr put} killed with SIGKILL partway through a large upload, then run again: the second run sends only
 * what the server does not have yet. Bytes are counted on the wire by a proxy; nothing here depends on speed (the
 * kill happens when the proxy has carried 60% of the file, however long that takes).
 */
@Tag("slow")
class ResumeAfterKillTest {

    static final long SIZE = 100L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void a_killed_upload_resumes_with_only_what_is_missing() throws Exception {
        Path file = dir.resolve("big.bin");
        SplittableRandom random = new SplittableRandom(5);
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < SIZE / block.length; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        try (SyncServer server = SyncServer.start("--port", "0", "--data-dir", dir.resolve("server").toString());
             TcpProxy proxy = new TcpProxy(server.uri().getHost(), server.uri().getPort())) {
            String url = "http://127.0.0.1:" + proxy.port() + "/";
            Process put = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SyncrCli.class.getName(), "--server", url,
                    "put", file.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("put.log").toFile())
                    .start();
            while (proxy.bytesUp() < SIZE * 6 / 10 && put.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(put.isAlive()).as("still uploading at 60%").isTrue();
            put.destroyForcibly();
            put.waitFor(1, TimeUnit.MINUTES);
            long first = proxy.bytesUp();

            int code = SyncrCli.run(System.out, System.err, "--server", url, "put", file.toString());
            assertThat(code).isZero();
            long second = proxy.bytesUp() - first;
            assertThat(second).as("the rerun sends what is left (about 40%%) and the chunks cut off in flight")
                    .isLessThan(SIZE * 55 / 100);
            Path back = dir.resolve("back.bin");
            assertThat(SyncrCli.run(System.out, System.err, "--server", url, "get", "big.bin", "--out",
                    back.toString())).isZero();
            assertThat(ContentHash.of(back)).isEqualTo(ContentHash.of(file));
        }
    }
}
