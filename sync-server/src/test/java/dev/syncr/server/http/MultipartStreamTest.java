package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.server.TestHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartStreamTest {

    /** Hands out at most {@code chunk} bytes per read, to push boundaries across buffer refills. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 64, 8191, 65536, 1 << 20})
    void splits_parts_whatever_the_read_sizes(int chunk) throws IOException {
        byte[] file = new byte[200_000];
        new Random(chunk).nextBytes(file);
        byte[] body = TestHttp.multipart("XyZ123", "docs/document.pdf", "0", file);

        MultipartStream form = new MultipartStream(trickle(body, chunk), "XyZ123");
        MultipartStream.Part part = form.next();
        assertThat(part.name()).isEqualTo("file");
        assertThat(part.filename()).isEqualTo("document.pdf");
        assertThat(part.body().readAllBytes()).isEqualTo(file);
        part = form.next();
        assertThat(part.name()).isEqualTo("file_id");
        assertThat(new String(part.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("docs/document.pdf");
        part = form.next();
        assertThat(part.name()).isEqualTo("expected_version");
        assertThat(new String(part.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0");
        assertThat(form.next()).isNull();
    }

    @Test
    void content_that_almost_looks_like_a_boundary_is_kept() throws IOException {
        byte[] file = "line\r\n--XyZ12 not quite\r\n--XyZ12\r\n-XyZ123 \n--XyZ123\r\n-".getBytes();
        byte[] body = TestHttp.multipart("XyZ123", "f", "0", file);
        MultipartStream form = new MultipartStream(new ByteArrayInputStream(body), "XyZ123");
        assertThat(form.next().body().readAllBytes()).isEqualTo(file);
    }

    @Test
    void a_body_without_the_closing_boundary_is_refused() {
        byte[] body = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhalf a file".getBytes();
        assertThatThrownBy(() -> {
            MultipartStream form = new MultipartStream(new ByteArrayInputStream(body), "b");
            form.next().body().readAllBytes();
        }).isInstanceOf(ApiException.class).hasMessageContaining("ended before the closing boundary");
    }

    @Test
    void parses_quoted_parameters() {
        assertThat(MultipartStream.parameters("form-data; name=\"file\"; filename=\"a;b.txt\""))
                .containsEntry("name", "file").containsEntry("filename", "a;b.txt");
        assertThat(MultipartStream.boundaryOf("multipart/form-data; boundary=\"quoted\"")).isEqualTo("quoted");
        assertThat(MultipartStream.boundaryOf("multipart/form-data; charset=utf-8; boundary=abc")).isEqualTo("abc");
    }
}
