package dev.syncr.client;

import dev.syncr.core.FileId;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The seed's multipart upload form ({@code file_id}, {@code expected_version}, optional {@code content_hash}, then
 * {@code file}), streamed: the small fields go first so the server knows the file before its bytes arrive, and the
 * content is never held in memory.
 */
record UploadForm(String boundary, byte[] head, byte[] tail, Supplier<InputStream> content, long length) {

    static UploadForm of(Upload upload) {
        FileId id = upload.id();
        String boundary = "syncr-" + UUID.randomUUID();
        StringBuilder fields = new StringBuilder();
        field(fields, boundary, "file_id", id.value());
        field(fields, boundary, "expected_version", Long.toString(upload.expectedVersion()));
        upload.contentHash().ifPresent(h -> field(fields, boundary, "content_hash", h));
        if (upload.onConflict().merge()) {
            field(fields, boundary, "merge", "true");
        }
        if (upload.onConflict().keepBoth()) {
            field(fields, boundary, "keep_both", "true");
        }
        byte[] head = (fields + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + id.name().replace("\"", "_") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return new UploadForm(boundary, head, tail, upload.content(), upload.length().orElse(-1));
    }

    private static void field(StringBuilder out, String boundary, String name, String value) {
        out.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"\r\n\r\n").append(value).append("\r\n");
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A publisher that re-opens the content for each (re)try; with a known length it sends Content-Length. */
    HttpRequest.BodyPublisher publisher() {
        Supplier<InputStream> body = () -> new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head), content.get(), new ByteArrayInputStream(tail))));
        return length < 0
                ? HttpRequest.BodyPublishers.ofInputStream(body)
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body),
                        head.length + length + tail.length);
    }
}
