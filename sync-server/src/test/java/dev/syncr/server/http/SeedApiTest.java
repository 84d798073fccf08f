package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ContentHash;
import dev.syncr.server.TestHttp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The seed's "Testing Manually" curl sequence and its multipart example, over real HTTP, field by field. */
class SeedApiTest extends EmbeddedServerTest {

    @Test
    void create_update_and_stale_update_as_in_the_seed() throws Exception {
        var created = http.postJson("/files/test.txt", "{\"content\": \"initial content\", \"expected_version\": 0}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("created");
        assertThat(created.json().get("file_id").asText()).isEqualTo("test.txt");
        assertThat(created.json().get("version").asLong()).isEqualTo(1);
        assertThat(created.json().get("content_hash").asText()).isEqualTo(ContentHash.of("initial content".getBytes()));
        assertThat(created.json().get("size_bytes").asLong()).isEqualTo(15);
        assertThat(created.json().get("storage_key").asText()).isNotBlank();
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        var updated = http.postJson("/files/test.txt", "{\"content\": \"updated content\", \"expected_version\": 1}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("status").asText()).isEqualTo("updated");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);

        var conflict = http.postJson("/files/test.txt",
                "{\"content\": \"conflicting content\", \"expected_version\": 1}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("error").asText()).isEqualTo("version_conflict");
        assertThat(conflict.json().get("message").asText()).contains("expected 1").contains("2");
        assertThat(conflict.json().get("expected_version").asLong()).isEqualTo(1);
        assertThat(conflict.json().get("current_version").asLong()).isEqualTo(2);
        assertThat(conflict.json().get("current_hash").asText())
                .isEqualTo(ContentHash.of("updated content".getBytes()));

        var text = http.get("/files/test.txt");
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.json().get("file_id").asText()).isEqualTo("test.txt");
        assertThat(text.json().get("content").asText()).isEqualTo("updated content");
        assertThat(text.json().get("version").asLong()).isEqualTo(2);
        assertThat(text.json().get("content_hash").asText()).isEqualTo(ContentHash.of("updated content".getBytes()));
        assertThat(text.json().get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    }

    @Test
    void multipart_upload_as_in_the_seed() throws Exception {
        byte[] pdf = "%PDF-1.4 pretend document\n\u0000\u00ff binary tail".getBytes(StandardCharsets.ISO_8859_1);
        var reply = http.send(http.request("/files/upload")
                .header("Content-Type", "multipart/form-data; boundary=XyZ123")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestHttp.multipart("XyZ123", "docs/document.pdf", "0",
                        pdf))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("status").asText()).isEqualTo("created");
        assertThat(reply.json().get("file_id").asText()).isEqualTo("docs/document.pdf");
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
        assertThat(reply.json().get("content_hash").asText()).isEqualTo(ContentHash.of(pdf));
        assertThat(reply.json().get("storage_key").asText()).contains(ContentHash.of(pdf));
        assertThat(reply.json().get("size_bytes").asLong()).isEqualTo(pdf.length);

        var metadata = http.get("/files/docs/document.pdf/metadata");
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("version").asLong()).isEqualTo(1);
        assertThat(metadata.json().get("size_bytes").asLong()).isEqualTo(pdf.length);

        HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(
                http.request("/files/docs/document.pdf/download").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(download.headers().firstValue("Content-Length")).contains(Integer.toString(pdf.length));

        var list = http.get("/files/");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("files").get(0).get("file_id").asText()).isEqualTo("docs/document.pdf");
        assertThat(http.get("/files").json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void a_multipart_form_may_put_the_file_part_anywhere_and_update_with_the_version() throws Exception {
        String body = "--b\r\nContent-Disposition: form-data; name=\"file_id\"\r\n\r\nnotes.md\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"expected_version\"\r\n\r\n0\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"n.md\"\r\n\r\n# Notes\r\n"
                + "--b--\r\n";
        var reply = http.send(http.request("/files/upload").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(http.get("/files/notes.md").json().get("content").asText()).isEqualTo("# Notes");

        var stale = http.send(http.request("/files/upload").header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace("# Notes", "# Other"))));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(1);
    }

    @Test
    void a_wrong_content_hash_is_a_400_and_stores_nothing() throws Exception {
        var reply = http.postJson("/files/doc.txt", "{\"content\": \"x\", \"expected_version\": 0, \"content_hash\": \""
                + "a".repeat(64) + "\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("hash_mismatch");
        assertThat(http.get("/files/doc.txt").status()).isEqualTo(404);
        assertThat(http.get("/changes").json().get("changes")).isEmpty();
    }

    @Test
    void the_right_content_hash_is_accepted() throws Exception {
        var reply = http.postJson("/files/doc.txt", "{\"content\": \"x\", \"expected_version\": 0, \"content_hash\": \""
                + ContentHash.of("x".getBytes()) + "\"}");
        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void delete_is_a_version_that_can_conflict() throws Exception {
        http.postJson("/files/doc.txt", "{\"content\": \"v1\", \"expected_version\": 0}");
        http.postJson("/files/doc.txt", "{\"content\": \"v2\", \"expected_version\": 1}");

        var stale = http.delete("/files/doc.txt?expected_version=1");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(2);

        var deleted = http.delete("/files/doc.txt?expected_version=2");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("status").asText()).isEqualTo("deleted");
        assertThat(deleted.json().get("version").asLong()).isEqualTo(3);
        assertThat(http.get("/files/doc.txt").status()).isEqualTo(404);
        assertThat(http.get("/files/").json().get("count").asInt()).isZero();
        assertThat(http.get("/files/?include_deleted=true").json().get("count").asInt()).isEqualTo(1);

        var recreated = http.postJson("/files/doc.txt", "{\"content\": \"back\", \"expected_version\": 0}");
        assertThat(recreated.status()).isEqualTo(201);
        assertThat(recreated.json().get("version").asLong()).isEqualTo(4);
    }

    @Test
    void a_plain_delete_removes_whatever_is_current_and_unknown_files_are_404() throws Exception {
        http.postJson("/files/doc.txt", "{\"content\": \"v1\", \"expected_version\": 0}");
        assertThat(http.delete("/files/doc.txt").status()).isEqualTo(200);
        assertThat(http.delete("/files/nope.txt").status()).isEqualTo(404);
    }

    @Test
    void if_match_is_the_header_form_of_expected_version() throws Exception {
        http.postJson("/files/doc.txt", "{\"content\": \"v1\", \"expected_version\": 0}");
        var ok = http.send(http.request("/files/doc.txt").header("Content-Type", "application/json")
                .header("If-Match", "\"1\"").POST(HttpRequest.BodyPublishers.ofString("{\"content\": \"v2\"}")));
        assertThat(ok.status()).isEqualTo(200);
        var stale = http.send(http.request("/files/doc.txt").header("Content-Type", "application/json")
                .header("If-Match", "\"1\"").POST(HttpRequest.BodyPublishers.ofString("{\"content\": \"v3\"}")));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(2);
        var staleDelete = http.send(http.request("/files/doc.txt").header("If-Match", "\"1\"").DELETE());
        assertThat(staleDelete.status()).isEqualTo(412);
    }

    @Test
    void etags_answer_conditional_reads_and_ranges_resume_downloads() throws Exception {
        http.postJson("/files/digits.txt", "{\"content\": \"0123456789\", \"expected_version\": 0}");

        var notModified = http.send(http.request("/files/digits.txt/download").header("If-None-Match", "\"1\""));
        assertThat(notModified.status()).isEqualTo(304);

        var partial = http.send(http.request("/files/digits.txt/download").header("Range", "bytes=3-6"));
        assertThat(partial.status()).isEqualTo(206);
        assertThat(partial.body()).isEqualTo("3456");
        assertThat(partial.header("Content-Range")).isEqualTo("bytes 3-6/10");

        assertThat(http.send(http.request("/files/digits.txt/download").header("Range", "bytes=7-")).body())
                .isEqualTo("789");
        assertThat(http.send(http.request("/files/digits.txt/download").header("Range", "bytes=-2")).body())
                .isEqualTo("89");
        var beyond = http.send(http.request("/files/digits.txt/download").header("Range", "bytes=50-"));
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */10");
    }

    @Test
    void history_old_versions_and_restore() throws Exception {
        http.postJson("/files/essay.md", "{\"content\": \"first draft\", \"expected_version\": 0}", "A");
        http.postJson("/files/essay.md", "{\"content\": \"second draft\", \"expected_version\": 1}", "B");

        var history = http.get("/files/essay.md/versions");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("versions")).hasSize(2);
        assertThat(history.json().get("versions").get(0).get("version").asLong()).isEqualTo(2);
        assertThat(history.json().get("versions").get(0).get("client_id").asText()).isEqualTo("B");
        assertThat(history.json().get("versions").get(1).get("client_id").asText()).isEqualTo("A");

        assertThat(http.get("/files/essay.md/versions/1/download").body()).isEqualTo("first draft");
        assertThat(http.get("/files/essay.md/versions/1").json().get("client_id").asText()).isEqualTo("A");

        var restored = http.postJson("/files/essay.md/restore", "{\"version\": 1, \"expected_version\": 2}");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().get("status").asText()).isEqualTo("restored");
        assertThat(restored.json().get("version").asLong()).isEqualTo(3);
        assertThat(http.get("/files/essay.md").json().get("content").asText()).isEqualTo("first draft");
    }

    @Test
    void ids_with_slashes_and_encoded_characters_route_to_the_same_file() throws Exception {
        http.postJson("/files/docs/2026/caf%C3%A9%20menu.txt", "{\"content\": \"x\", \"expected_version\": 0}");
        assertThat(http.get("/files/docs%2F2026%2Fcaf%C3%A9%20menu.txt").json().get("file_id").asText())
                .isEqualTo("docs/2026/café menu.txt");
        // a file whose own name is an action word is reached with an encoded slash
        http.postJson("/files/docs%2Fmetadata", "{\"content\": \"named metadata\", \"expected_version\": 0}");
        assertThat(http.get("/files/docs%2Fmetadata").json().get("content").asText()).isEqualTo("named metadata");
        assertThat(http.get("/files/docs/metadata").status()).isEqualTo(404);
    }

    @Test
    void the_client_id_is_recorded_on_the_version() throws Exception {
        http.postJson("/files/doc.txt", "{\"content\": \"v1\", \"expected_version\": 0}", "ClientA");
        assertThat(http.get("/files/doc.txt/metadata").json().get("updated_by").asText()).isEqualTo("ClientA");
    }

    @Test
    void the_change_feed_pages_and_long_polls() throws Exception {
        http.postJson("/files/a.txt", "{\"content\": \"a\", \"expected_version\": 0}");
        http.postJson("/files/b.txt", "{\"content\": \"b\", \"expected_version\": 0}");
        var first = http.get("/changes?cursor=0&limit=1");
        assertThat(first.json().get("changes")).hasSize(1);
        assertThat(first.json().get("has_more").asBoolean()).isTrue();
        var rest = http.get("/changes?cursor=" + first.json().get("cursor").asLong());
        assertThat(rest.json().get("changes").get(0).get("file_id").asText()).isEqualTo("b.txt");
        long latest = http.get("/changes/latest").json().get("cursor").asLong();
        assertThat(latest).isEqualTo(rest.json().get("cursor").asLong());

        var idle = http.get("/changes/longpoll?cursor=" + latest + "&timeout=1");
        assertThat(idle.json().get("changes").asBoolean()).isFalse();

        // Whether the poll is parked before the write lands or arrives just after it, it must answer "changes":
        // true; a poll that was never woken would wait out its 50 s and answer false.
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return http.get("/changes/longpoll?cursor=" + latest + "&timeout=50");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        http.postJson("/files/c.txt", "{\"content\": \"c\", \"expected_version\": 0}");
        var woken = waiting.get(58, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woken.json().get("changes").asBoolean()).isTrue();
        assertThat(woken.json().get("cursor").asLong()).isGreaterThan(latest);
    }

    @Test
    void docs_and_health_are_served() throws Exception {
        assertThat(http.get("/healthz").status()).isEqualTo(200);
        var docs = http.get("/docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("swagger-ui");
        var spec = http.get("/openapi.json");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.json().get("paths").has("/files/upload")).isTrue();
        assertThat(spec.json().get("paths").has("/files/{file_id}/download")).isTrue();
        assertThat(http.get("/docs/swagger-ui-bundle.js").status()).isEqualTo(200);
    }
}
