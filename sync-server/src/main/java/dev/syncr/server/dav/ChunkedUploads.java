package dev.syncr.server.dav;

import dev.syncr.core.StagedBlob;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import dev.syncr.server.jdbc.JdbcUploads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.namespace.QName;

/**
 * Uploads in parts, as the Nextcloud clients send a big file ({@code /remote.php/dav/uploads/USER/ID}): MKCOL opens a
 * transfer, each numbered part is a PUT (in any order, in parallel, again after a cut), PROPFIND lists the parts the
 * server has (so a client resumes), and {@code MOVE …/.file} to the file's address commits the parts, in number
 * order, as one new version — on the same terms as a PUT there ({@code If} with the file's ETag is the
 * compare-and-set, {@code OC-Checksum} is checked, {@code X-OC-Mtime} kept). Each part streams into the chunk store as
 * it arrives (bounded memory, whatever its size); a transfer left unfinished is forgotten after a day and its content
 * collected like any content nothing references.
 */
public final class ChunkedUploads {

    /** How long an unfinished transfer is kept: as long as garbage collection leaves unreferenced content alone. */
    static final Duration KEPT = Duration.ofDays(1);
    /** Parts one transfer may have: enough for 100 GB in 10 MB parts. */
    static final int MAX_PARTS = 10_000;
    private static final Pattern TRANSFER = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern PART = Pattern.compile("[0-9]{1,20}");
    private static final String XML = "application/xml; charset=utf-8";

    private final DavHandler files;
    private final JdbcUploads uploads;
    private final Clock clock;

    ChunkedUploads(DavHandler files, JdbcUploads uploads, Clock clock) {
        this.files = files;
        this.uploads = uploads;
        this.clock = clock;
    }

    public void mkcol(Request r) throws IOException {
        String transfer = transfer(r);
        Instant now = clock.instant();
        if (!uploads.open(r.caller().namespace(), transfer, now, now.minus(KEPT))) {
            throw new ApiException(405, "method_not_allowed", "this upload is open already");
        }
        r.call().respondEmpty(201);
    }

    public void put(Request r) throws IOException {
        String transfer = transfer(r);
        String part = r.decoded("part");
        if (!PART.matcher(part).matches()) {
            throw ApiException.badRequest("an upload's parts are named by their numbers");
        }
        var open = uploads.parts(r.caller().namespace(), transfer).orElseThrow(() -> notOpen());
        if (open.size() >= MAX_PARTS && open.stream().noneMatch(p -> p.name().equals(part))) {
            throw new ApiException(413, "payload_too_large", "an upload has at most " + MAX_PARTS + " parts");
        }
        long sent = open.stream().filter(p -> !p.name().equals(part)).mapToLong(p -> p.content().size()).sum();
        HttpCall call = r.call();
        try (StagedBlob staged = r.tree().stage(call.body(Math.max(0, call.maxUploadBytes() - sent)))) {
            staged.publish(); // its chunks are the uploader's now; nothing references them until the upload ends
            byte[] inline = staged.inlineBytes();
            if (!uploads.putPart(r.caller().namespace(), transfer, new JdbcUploads.Part(part, staged.ref(),
                    inline))) {
                throw notOpen(); // closed while the part arrived: its content goes with garbage collection
            }
        }
        call.respondEmpty(201);
    }

    /** PROPFIND of a transfer: its parts and their sizes, for a client that resumes. */
    public void propfind(Request r) throws IOException {
        String transfer = transfer(r);
        List<JdbcUploads.Part> parts = uploads.parts(r.caller().namespace(), transfer).orElseThrow(() -> notOpen());
        String base = r.call().rawPath().endsWith("/") ? r.call().rawPath() : r.call().rawPath() + "/";
        boolean children = !r.call().header("Depth").map(String::strip).filter("0"::equals).isPresent();
        r.call().respondWriting(207, XML, out -> {
            try (Multistatus xml = new Multistatus(out)) {
                Map<QName, Multistatus.Value> folder = new LinkedHashMap<>();
                folder.put(new QName(PropfindBody.DAV, "resourcetype"), Multistatus.Value.COLLECTION);
                xml.response(base, folder, List.of(), false);
                if (children) {
                    for (JdbcUploads.Part part : parts) {
                        Map<QName, Multistatus.Value> props = new LinkedHashMap<>();
                        props.put(new QName(PropfindBody.DAV, "resourcetype"), Multistatus.Value.EMPTY);
                        props.put(new QName(PropfindBody.DAV, "getcontentlength"),
                                Multistatus.Value.of(Long.toString(part.content().size())));
                        xml.response(base + part.name(), props, List.of(), false);
                    }
                }
            }
        });
    }

    /** {@code MOVE …/ID/.file}: the parts, in order, become the destination's next version. */
    public void move(Request r) throws IOException {
        String transfer = transfer(r);
        if (!".file".equals(r.decoded("part"))) {
            throw new ApiException(403, "forbidden", "only the whole upload (.file) moves");
        }
        List<JdbcUploads.Part> parts = uploads.parts(r.caller().namespace(), transfer).orElseThrow(() -> notOpen());
        long total = parts.stream().mapToLong(p -> p.content().size()).sum();
        HttpCall call = r.call();
        long declared = call.header("OC-Total-Length").map(v -> HttpCall.parseLong("OC-Total-Length", v, 0,
                Long.MAX_VALUE)).orElse(total);
        if (declared != total) {
            throw ApiException.badRequest("the parts hold " + total + " bytes, not the " + declared
                    + " OC-Total-Length says; send the missing parts");
        }
        try (InputStream content = new SequenceInputStream(opened(r, parts.iterator()))) {
            // closed before the answer: a client that asks next finds it gone
            files.finishUpload(r, content, () -> uploads.close(r.caller().namespace(), transfer));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public void delete(Request r) throws IOException {
        String transfer = transfer(r);
        if (!uploads.exists(r.caller().namespace(), transfer)) {
            throw notOpen();
        }
        uploads.close(r.caller().namespace(), transfer);
        r.call().respondEmpty(204);
    }

    /** Each part's content, opened only when the one before has been read. */
    private static Enumeration<InputStream> opened(Request r, Iterator<JdbcUploads.Part> parts) {
        return new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return parts.hasNext();
            }

            @Override
            public InputStream nextElement() {
                JdbcUploads.Part part = parts.next();
                if (part.bytes() != null) {
                    return new ByteArrayInputStream(part.bytes());
                }
                try {
                    return r.tree().open(part.content());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static String transfer(Request r) {
        String user = r.decoded("user");
        if (!user.equals(r.caller().user().value())) {
            throw notOpen(); // another account's: as if there were none
        }
        String transfer = r.decoded("transfer");
        if (!TRANSFER.matcher(transfer).matches()) {
            throw ApiException.badRequest("an upload's id is letters, digits, '.', '_' or '-' (at most 128)");
        }
        return transfer;
    }

    private static ApiException notOpen() {
        return ApiException.notFound("no such upload (finished, cancelled, or older than a day)");
    }
}
