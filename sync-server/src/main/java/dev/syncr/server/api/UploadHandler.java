package dev.syncr.server.api;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.MultipartStream;
import dev.syncr.server.http.Request;
import dev.syncr.core.share.Tree;
import dev.syncr.core.FileId;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.StagedBlob;
import dev.syncr.core.StagedUpload;
import dev.syncr.core.WriteOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code POST /files/upload}: the seed's multipart upload ({@code file}, {@code file_id}, {@code expected_version},
 * optional {@code content_hash}). The file part streams straight into the blob store's staging area; parts may come
 * in any order, so the content is staged first and committed once the whole form has been read.
 */
public final class UploadHandler {

    private static final int MAX_FIELD_BYTES = 8 * 1024;

    private final ChangeSignal signal;

    public UploadHandler(ChangeSignal signal) {
        this.signal = signal;
    }

    /** Whether a request is the seed's upload: a file named {@code upload} is written with JSON at the same path. */
    public static boolean isUpload(HttpCall call) {
        return call.method().equals("POST") && call.contentType().startsWith("multipart/");
    }

    public void handle(Request r) throws IOException {
        HttpCall call = r.call();
        Tree service = r.tree();
        String boundary = MultipartStream.boundaryOf(call.header("Content-Type").orElse(""));
        MultipartStream form = new MultipartStream(call.body(), boundary);
        String fileIdField = null;
        String expectedField = null;
        String hashField = null;
        String mergeField = null;
        String keepBothField = null;
        StagedBlob staged = null;
        try {
            MultipartStream.Part part;
            while ((part = form.next()) != null) {
                switch (part.name()) {
                    case "file" -> {
                        if (staged != null) {
                            throw ApiException.badRequest("more than one file part; upload one file per request");
                        }
                        staged = service.stage(part.body());
                    }
                    case "file_id" -> fileIdField = field(part, fileIdField);
                    case "expected_version" -> expectedField = field(part, expectedField);
                    case "content_hash" -> hashField = field(part, hashField);
                    case "merge" -> mergeField = field(part, mergeField);
                    case "keep_both" -> keepBothField = field(part, keepBothField);
                    default -> throw ApiException.badRequest("unknown form field '"
                            + HttpCall.abbreviate(part.name()) + "'; allowed: file, file_id, expected_version, "
                            + "content_hash, merge, keep_both");
                }
            }
            if (staged == null) {
                throw new ApiException(400, "missing_field", "the form has no 'file' part");
            }
            if (fileIdField == null) {
                throw new ApiException(400, "missing_field", "the form has no 'file_id' field");
            }
            FileId id = Wire.fileId(fileIdField);
            OptionalLong fromForm = expectedField == null ? OptionalLong.empty()
                    : OptionalLong.of(HttpCall.parseLong("expected_version", expectedField, 0, Long.MAX_VALUE));
            ExpectedVersion expected = ExpectedVersion.require(call, fromForm, id, service);
            Optional<String> claimed = Optional.ofNullable(hashField).map(Wire::contentHash);
            EventLog.info("POST /files/upload " + id + " (expected_version=" + expected.version() + ")",
                    "event", "upload_received", "file_id", id, "expected_version", expected.version(),
                    "client_id", call.clientId(), "size_bytes", staged.ref().size());
            WriteOutcome outcome = service.upload(new StagedUpload(id, expected.version(), staged, claimed,
                    call.clientId(), ConflictPolicy.of(call, ConflictPolicy.formFlag("merge", mergeField),
                    ConflictPolicy.formFlag("keep_both", keepBothField))));
            Outcomes.render(call, id, outcome, expected.fromHeader(), "updated", signal.onCommit(r));
        } finally {
            if (staged != null) {
                staged.close();
            }
        }
    }

    private static String field(MultipartStream.Part part, String previous) throws IOException {
        if (previous != null) {
            throw ApiException.badRequest("form field '" + part.name() + "' appears twice");
        }
        InputStream body = part.body();
        byte[] bytes = body.readNBytes(MAX_FIELD_BYTES + 1);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw ApiException.badRequest("form field '" + part.name() + "' is longer than " + MAX_FIELD_BYTES
                    + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
