package dev.syncr.server.api;

import dev.syncr.api.DownloadBatch;
import dev.syncr.api.DownloadItem;
import dev.syncr.api.DownloadedFile;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.share.Tree;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /batch/download}: many small files' bytes in one streamed answer, the mirror of {@code POST /batch}, so
 * a device's first sync of a folder of small files is a few requests, not one per file. Each entry is a line of JSON
 * (id, version, SHA-256, size, or why not) and then the bytes; the receiver checks each file against its hash. Files
 * are read one at a time as the answer is written: memory stays bounded whatever the batch holds.
 */
public final class DownloadBatchHandler {

    /** Files larger than this are not sent in a batch (the answer says too_large): fetch them alone, by chunks. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    /** The request: a thousand ids and versions. */
    static final long MAX_BODY = 1024 * 1024;
    static final String CONTENT_TYPE = "application/vnd.syncr.files";

    public void handle(Request r) throws IOException {
        HttpCall call = r.call();
        DownloadBatch batch = Json.readBody(call, MAX_BODY, DownloadBatch.class,
                "POST /batch/download takes application/json {\"files\": [{\"file_id\": …, \"version\": …}, …]}");
        List<FileId> ids = new ArrayList<>();
        for (DownloadItem item : batch.files()) {
            ids.add(Wire.fileId(item.fileId())); // every id checked before the answer starts
        }
        Tree tree = r.tree();
        call.respondWriting(200, CONTENT_TYPE, out -> {
            for (int i = 0; i < ids.size(); i++) {
                FileId id = ids.get(i);
                Long asked = batch.files().get(i).version();
                Optional<FileVersion> found = (asked == null ? tree.metadata(id) : tree.version(id, asked))
                        .filter(v -> !v.deleted());
                if (found.isEmpty()) {
                    entry(out, new DownloadedFile(id.value(), asked == null ? 0 : asked, null, 0, "not_found"));
                    continue;
                }
                FileVersion v = found.get();
                if (v.size() > MAX_FILE_BYTES) {
                    entry(out, new DownloadedFile(id.value(), v.version(), v.hash(), v.size(), "too_large"));
                    continue;
                }
                entry(out, new DownloadedFile(id.value(), v.version(), v.hash(), v.size(), null));
                try (InputStream content = tree.open(v.content())) {
                    long sent = content.transferTo(out);
                    if (sent != v.size()) { // the receiver would misread every entry after this one: end here
                        throw new IOException("content of " + id + " v" + v.version() + " is " + sent
                                + " bytes, not " + v.size());
                    }
                }
            }
        });
    }

    private static void entry(OutputStream out, DownloadedFile header) throws IOException {
        out.write(Json.bytes(header));
        out.write('\n');
    }
}
