package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.ByteRange;
import dev.syncr.server.http.ETags;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import dev.syncr.core.share.Tree;
import dev.syncr.core.ContentHash;
import dev.syncr.core.ContentRef;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.WholeContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Streams file content: the head ({@code /download}) or any version ({@code /versions/{n}/download}), with
 * {@code ETag}/{@code If-None-Match} and single {@code Range} requests so an interrupted download can resume. A whole
 * download says what to check it against: {@code X-Content-Hash} (SHA-256), and {@code X-Content-CRC32C} where the
 * server keeps one (content stored as chunks since it does).
 */
public final class DownloadHandler {

    /** The CRC-32C of the whole content, on a whole download of content the server keeps one for. */
    static final String CRC32C_HEADER = "X-Content-CRC32C";

    /** The head's content: {@code GET /files/{file_id}/download}. */
    public void head(Request r) throws IOException {
        FileId id = r.fileId();
        FileVersion head = FilesHandler.liveHead(r.tree(), id);
        send(r, id, head.version(), head.content());
    }

    /** An old version's content: {@code GET /files/{file_id}/versions/{version}/download}. */
    public void version(Request r) throws IOException {
        FileId id = r.fileId();
        long version = r.version();
        FileVersion v = r.tree().version(id, version).orElseThrow(() ->
                ApiException.notFound("no version " + version + " of " + id).with("file_id", id.value()));
        if (v.deleted()) {
            throw ApiException.notFound("version " + version + " of " + id + " is a delete; it has no content")
                    .with("file_id", id.value()).with("deleted", true);
        }
        send(r, id, v.version(), v.content());
    }

    private static void send(Request request, FileId id, long version, ContentRef content) throws IOException {
        Tree tree = request.tree();
        send(request.call(), id, version, content, new Contents(tree::openWhole, tree::open));
    }

    /** Where a download's bytes come from (the caller's tree, or a link's namespace): whole, or a range. */
    public record Contents(Whole whole, Range range) {
        public interface Whole {
            WholeContent open(ContentRef content) throws IOException;
        }

        public interface Range {
            InputStream open(ContentRef content, long offset, long length) throws IOException;
        }
    }

    /** Sends one version's content of the file named {@code id}: whole or a range, with its tags and checks. */
    public static void send(HttpCall call, FileId id, long version, ContentRef content, Contents service)
            throws IOException {
        String etag = ETags.of(version);
        var headers = call.responseHeaders();
        headers.set("ETag", etag);
        headers.set("Accept-Ranges", "bytes");
        headers.set("X-File-Version", Long.toString(version));
        headers.set("X-Content-Hash", content.hash());
        headers.set("Content-Disposition", "attachment; filename*=UTF-8''"
                + URLEncoder.encode(id.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        if (ETags.notModified(call, version)) {
            return;
        }
        long size = content.size();
        Optional<ByteRange> range = call.header("Range")
                .filter(r -> call.header("If-Range").map(etag::equals).orElse(true))
                .flatMap(r -> ByteRange.parse(r, size));
        if (range.isEmpty()) {
            try (WholeContent whole = service.whole().open(content)) {
                // what a client checks the bytes against, far cheaper than SHA-256
                whole.crc32c().ifPresent(crc -> headers.set(CRC32C_HEADER, ContentHash.crc32cText(crc)));
                call.respondStream(200, whole.bytes(), size, "application/octet-stream");
            }
            return;
        }
        ByteRange r = range.get();
        if (!r.satisfiable()) {
            headers.set("Content-Range", "bytes */" + size);
            throw new ApiException(416, "range_not_satisfiable", "range starts past the end of the "
                    + size + "-byte file");
        }
        headers.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
        try (InputStream in = service.range().open(content, r.first(), r.length())) {
            call.respondStream(206, in, r.length(), "application/octet-stream");
        }
    }
}
