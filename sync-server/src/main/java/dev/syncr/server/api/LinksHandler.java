package dev.syncr.server.api;

import static dev.syncr.server.api.ShareRefusals.answer;

import dev.syncr.api.ApiJson;
import dev.syncr.api.FileList;
import dev.syncr.api.LinkDrop;
import dev.syncr.api.LinkList;
import dev.syncr.api.LinkView;
import dev.syncr.api.LinkWrite;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.WriteOutcome;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.server.jdbc.JdbcLinks;
import dev.syncr.server.shares.Links;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Links: made, listed and revoked by their owner ({@code /links}); visited by anyone with the token ({@code /s/…}):
 * a view link shows a file or a folder (a listing, each file, or the whole folder as a zip streamed as it is made);
 * an upload link takes files and shows nothing. A token that opens nothing, an expired or revoked link all answer the
 * same 404.
 */
public final class LinksHandler {

    /** Where a visitor sends the link's password. */
    static final String PASSWORD_HEADER = "X-Link-Password";
    private static final long MAX_BODY = 16 * 1024;

    private final Links links;

    public LinksHandler(Links links) {
        this.links = links;
    }

    // ---- the owner's -------------------------------------------------------------------------------------------

    public void create(Request r) throws IOException {
        LinkWrite body = Json.readBody(r.call(), MAX_BODY, LinkWrite.class,
                "POST /links takes application/json {\"path\": \"Project\", \"access\": \"view\"}");
        Optional<Instant> expires;
        try {
            expires = Optional.ofNullable(body.expiresAt()).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("expires_at must be a time like 2027-01-31T12:00:00Z");
        }
        Links.Made made = answer(() -> links.create(r.caller(), Wire.fileId(body.path()), body.access(),
                Optional.ofNullable(body.password()).filter(p -> !p.isEmpty()), expires));
        EventLog.info("Link " + made.link().id() + " made (" + made.link().access() + ")", "event", "link_created",
                "link", made.link().id(), "access", made.link().access());
        r.call().respondJson(201, view(made.link(), made.token()));
    }

    public void list(Request r) throws IOException {
        r.call().respondJson(200, new LinkList(answer(() -> links.list(r.caller())).stream()
                .map(l -> view(l, null)).toList()));
    }

    public void revoke(Request r) throws IOException {
        answer(() -> {
            links.revoke(r.caller(), r.param("id"));
            return null;
        });
        r.call().respondEmpty(204);
    }

    private static LinkView view(JdbcLinks.Link link, String token) {
        return new LinkView(link.id(), link.shownPath().value(), link.access(), link.passwordHash() != null,
                link.expiresAt() == null ? null : ApiJson.time(link.expiresAt()), ApiJson.time(link.createdAt()),
                token, token == null ? null : "/s/" + token);
    }

    // ---- a visitor's --------------------------------------------------------------------------------------------

    /** {@code GET /s/{token}}: a file link's file; a folder link's listing; an upload link says only what it is. */
    public void visit(Request r) throws IOException {
        Links.Open open = opened(r);
        HttpCall call = r.call();
        if (!open.view()) {
            call.respondJson(200, java.util.Map.of("access", "upload", "folder", open.link().shownPath().name()));
            return;
        }
        Optional<FileVersion> file = open.path().flatMap(p -> open.service().metadata(p)).filter(v -> !v.deleted());
        if (file.isPresent()) {
            sendFile(call, open, file.get());
            return;
        }
        List<FileVersion> files = links.files(open);
        if (files.isEmpty() && open.path().isPresent()) {
            throw notFound();
        }
        call.respondJson(200, new FileList(files.stream().map(v -> Views.metadata(v)).map(m -> new dev.syncr.api
                .FileMetadata(m.fileId(), m.version(), m.contentHash(), null, m.sizeBytes(), false, m.updatedAt(),
                null)).toList(), files.size(), false, null));
    }

    /** {@code GET /s/{token}/files/{path}}: one file of a folder link. */
    public void file(Request r) throws IOException {
        Links.Open open = opened(r);
        if (!open.view()) {
            throw notFound();
        }
        FileVersion v = open.service().metadata(open.inside(r.fileId())).filter(f -> !f.deleted())
                .orElseThrow(LinksHandler::notFound);
        sendFile(r.call(), open, v);
    }

    /** {@code GET /s/{token}/zip}: a folder link's files as one zip, written as it is read (bounded memory). */
    public void zip(Request r) throws IOException {
        Links.Open open = opened(r);
        if (!open.view()) {
            throw notFound();
        }
        List<FileVersion> files = links.files(open);
        if (files.isEmpty()) {
            throw notFound();
        }
        String name = open.link().shownPath().name();
        r.call().responseHeaders().set("Content-Disposition", "attachment; filename*=UTF-8''"
                + java.net.URLEncoder.encode(name + ".zip", java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
        r.call().respondWriting(200, "application/zip", out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                // most of what people share (photos, video, archives) is compressed already: be quick, not small
                zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
                for (FileVersion v : files) {
                    ZipEntry entry = new ZipEntry(name + "/" + v.id().value());
                    entry.setTime(v.createdAt().toEpochMilli());
                    zip.putNextEntry(entry);
                    try (InputStream in = open.service().open(v.content())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        });
    }

    /** {@code POST /s/{token}/files/{name}}: drops a file into an upload link's folder; a taken name is numbered. */
    public void drop(Request r) throws IOException {
        Links.Open open = opened(r);
        if (open.view()) {
            throw new ApiException(405, "method_not_allowed", "this link only shows files; it takes none");
        }
        FileId name = r.fileId();
        WriteOutcome outcome = answer(() -> {
            try {
                return links.drop(open, name.value(), r.call().body(), "link " + open.link().id());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (outcome instanceof WriteOutcome.Committed c) {
            String stored = c.version().id().value().substring(open.link().path().isEmpty() ? 0
                    : open.link().path().length() + 1);
            EventLog.info("Link " + open.link().id() + " took a file", "event", "link_drop", "link",
                    open.link().id(), "size_bytes", c.version().size());
            r.call().respondJson(201, new LinkDrop(stored, c.version().size()));
            return;
        }
        if (outcome instanceof WriteOutcome.QuotaExceeded q) {
            throw Outcomes.quotaExceeded(q);
        }
        throw ApiException.badRequest("the file was not stored: " + outcome);
    }

    private static void sendFile(HttpCall call, Links.Open open, FileVersion v) throws IOException {
        DownloadHandler.send(call, v.id(), v.version(), v.content(), new DownloadHandler.Contents(
                open.service()::openWhole, open.service()::open));
    }

    /** The live link the path's token opens, its password checked; anything else is a 404 (or 401/429). */
    private Links.Open opened(Request r) {
        HttpCall call = r.call();
        JdbcLinks.Link link = links.find(r.param("token")).orElseThrow(LinksHandler::notFound);
        Optional<Links.Refusal> refused = links.check(link, call.header(PASSWORD_HEADER), call.remoteAddress());
        if (refused.isPresent()) {
            switch (refused.get()) {
                case Links.Refusal.WrongPassword w -> {
                    call.responseHeaders().set("WWW-Authenticate", "SyncrLink realm=\"syncr\"");
                    throw new ApiException(401, "password_required", "this link asks for a password: send it in "
                            + PASSWORD_HEADER);
                }
                case Links.Refusal.Throttled t -> {
                    long seconds = Math.max(1, t.retryAfter().toSeconds());
                    call.responseHeaders().set("Retry-After", Long.toString(seconds));
                    throw new ApiException(429, "too_many_requests", "too many wrong passwords; try again in "
                            + seconds + " s");
                }
                case Links.Refusal.Busy b -> {
                    call.responseHeaders().set("Retry-After", Long.toString(Math.max(1, b.retryAfter().toSeconds())));
                    throw new ApiException(503, "busy", "the server is checking as many passwords as it can; try "
                            + "again");
                }
            }
        }
        return links.open(link);
    }

    private static ApiException notFound() {
        return ApiException.notFound("no such link (it may have expired or been revoked)");
    }

}
