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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /batch/download}: many small files' bytes in one streamed answer, the mirror of {@code POST /batch}, so
 * a device's first sync of a folder of small files is a few requests, not one per file. Each entry is a line of JSON
 * (id, version, SHA-256, size, or why not) and then the bytes; the receiver checks each file against its hash.
 *
 * <p>Every version is looked up before the answer starts (a few reads for the whole batch, not one per file), so the
 * answer's length is known and it goes out in large writes. Contents are read group by group as the answer is
 * written: those stored inline a group in one read, the others one at a time; memory stays bounded whatever the
 * batch holds.
 */
public final class DownloadBatchHandler {

    /** Files larger than this are not sent in a batch (the answer says too_large): fetch them alone, by chunks. */
    public static final long MAX_FILE_BYTES = 1024 * 1024;
    /** The request: a thousand ids and versions. */
    static final long MAX_BODY = 1024 * 1024;
    static final String CONTENT_TYPE = "application/vnd.syncr.files";
    /** Files whose inline contents are read together: at most this many times 4 KiB held at once. */
    private static final int GROUP = 256;

    /** One entry of the answer: its header line, and the version whose bytes follow it (null: none follow). */
    private record Entry(byte[] header, FileVersion sent) {
    }

    public void handle(Request r) throws IOException {
        HttpCall call = r.call();
        DownloadBatch batch = Json.readBody(call, MAX_BODY, DownloadBatch.class,
                "POST /batch/download takes application/json {\"files\": [{\"file_id\": …, \"version\": …}, …]}");
        List<FileId> ids = new ArrayList<>();
        for (DownloadItem item : batch.files()) {
            ids.add(Wire.fileId(item.fileId())); // every id checked before the answer starts
        }
        Tree tree = r.tree();
        Map<FileId, Long> wanted = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Long asked = batch.files().get(i).version();
            if (asked != null) {
                wanted.putIfAbsent(ids.get(i), asked);
            }
        }
        Map<FileId, FileVersion> versions = tree.versions(wanted);
        List<Entry> entries = new ArrayList<>();
        long length = 0;
        for (int i = 0; i < ids.size(); i++) {
            Entry entry = entry(tree, ids.get(i), batch.files().get(i).version(), versions);
            entries.add(entry);
            length += entry.header().length + (entry.sent() == null ? 0 : entry.sent().size());
        }
        call.respondWriting(200, CONTENT_TYPE, length, out -> {
            for (int from = 0; from < entries.size(); from += GROUP) {
                List<Entry> group = entries.subList(from, Math.min(entries.size(), from + GROUP));
                Map<String, byte[]> inline = tree.inlineContents(group.stream().map(Entry::sent)
                        .filter(Objects::nonNull).map(FileVersion::content).toList());
                for (Entry entry : group) {
                    out.write(entry.header());
                    if (entry.sent() != null) {
                        send(tree, entry.sent(), inline.get(entry.sent().hash()), out);
                    }
                }
            }
        });
    }

    /** What the answer says of {@code id} at {@code asked} (null: its head). */
    private static Entry entry(Tree tree, FileId id, Long asked, Map<FileId, FileVersion> versions) {
        Optional<FileVersion> found = asked == null ? tree.metadata(id)
                : Optional.ofNullable(versions.get(id)).filter(v -> v.version() == asked)
                        .or(() -> tree.version(id, asked)); // the same id asked twice, at another version
        found = found.filter(v -> !v.deleted());
        if (found.isEmpty()) {
            return new Entry(header(new DownloadedFile(id.value(), asked == null ? 0 : asked, null, 0, "not_found")),
                    null);
        }
        FileVersion v = found.get();
        if (v.size() > MAX_FILE_BYTES) {
            return new Entry(header(new DownloadedFile(id.value(), v.version(), v.hash(), v.size(), "too_large")),
                    null);
        }
        return new Entry(header(new DownloadedFile(id.value(), v.version(), v.hash(), v.size(), null)), v);
    }

    private static void send(Tree tree, FileVersion v, byte[] inline, OutputStream out) throws IOException {
        if (inline != null && inline.length == v.size()) {
            out.write(inline);
            return;
        }
        try (InputStream content = tree.open(v.content())) {
            long sent = content.transferTo(out);
            if (sent != v.size()) { // the receiver would misread every entry after this one: end here
                throw new IOException("content of " + v.id() + " v" + v.version() + " is " + sent + " bytes, not "
                        + v.size());
            }
        }
    }

    private static byte[] header(DownloadedFile header) {
        byte[] json = Json.bytes(header);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
