package dev.syncr.server.dav;

import dev.syncr.core.DeleteRequest;
import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.InvalidFileIdException;
import dev.syncr.core.MoveRequest;
import dev.syncr.core.OnConflict;
import dev.syncr.core.StagedBlob;
import dev.syncr.core.StagedUpload;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.share.Role;
import dev.syncr.core.share.Tree;
import dev.syncr.server.api.ChangeSignal;
import dev.syncr.server.api.DownloadHandler;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.ETags;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import dev.syncr.server.jdbc.JdbcDeadProps;
import dev.syncr.server.jdbc.JdbcFolders;
import dev.syncr.server.jdbc.JdbcLocks;
import dev.syncr.server.jdbc.JdbcUploads;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.namespace.QName;

/**
 * WebDAV (RFC 4918, class 1) over the caller's tree: {@code /dav/files/{user}/…}, with {@code /remote.php/dav/files/
 * {user}/…} and {@code /remote.php/webdav/…} as the paths tools expect. Every write is an ordinary commit (history,
 * the change feed, compare-and-set): {@code If-Match} is the expected version, a stale one is a 412 and nothing is
 * written; a PUT without it overwrites and records a new version. Folders exist through their files, or on their own
 * once made with MKCOL.
 */
public final class DavHandler {

    public static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, "
            + "UNLOCK";
    /** The longest a lock lasts without a refresh, whatever a client asks: a lost client's lock ends. */
    private static final long MAX_LOCK_SECONDS = 24 * 3600;
    /** The properties the server computes: a PROPPATCH may not set or remove them. */
    private static final java.util.Set<String> LIVE = java.util.Set.of("resourcetype", "getcontentlength",
            "getlastmodified", "creationdate", "getetag", "getcontenttype", "displayname", "quota-used-bytes",
            "quota-available-bytes", "lockdiscovery", "supportedlock");
    private static final String XML = "application/xml; charset=utf-8";
    private static final long MAX_PROPFIND_BODY = 64 * 1024;
    /** HTTP's date (RFC 9110 IMF-fixdate): a two-digit day, which the JDK's RFC 1123 formatter does not write. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.US).withZone(ZoneOffset.UTC);

    private final JdbcFolders folders;
    private final JdbcDeadProps deadProps;
    private final JdbcLocks locks;
    private final ChangeSignal signal;
    private final Clock clock;
    private final ChunkedUploads uploads;

    public DavHandler(JdbcFolders folders, JdbcDeadProps deadProps, JdbcLocks locks, JdbcUploads uploads,
                      ChangeSignal signal, Clock clock) {
        this.folders = folders;
        this.deadProps = deadProps;
        this.locks = locks;
        this.signal = signal;
        this.clock = clock;
        this.uploads = new ChunkedUploads(this, uploads, clock);
    }

    /** Uploads in parts, which end as a write here. */
    public ChunkedUploads uploads() {
        return uploads;
    }

    /** What a request names: the path in the caller's tree (null: its root) and the prefix its hrefs keep. */
    private record Target(FileId path, String prefix) {
        String href(FileId id, boolean folder) {
            if (id == null) {
                return prefix;
            }
            StringBuilder href = new StringBuilder(prefix);
            for (String segment : id.value().split("/")) {
                href.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")).append('/');
            }
            return folder ? href.toString() : href.substring(0, href.length() - 1);
        }
    }

    /** A file (its head) or a folder (null: the root). */
    private sealed interface Resource {
        record File(FileVersion head) implements Resource {
        }

        record Folder(FileId path) implements Resource {
        }
    }

    // ---- OPTIONS, PROPFIND, GET --------------------------------------------------------------------------------

    public void options(Request r) throws IOException {
        HttpCall call = r.call();
        call.responseHeaders().set("DAV", "1, 2");
        call.responseHeaders().set("MS-Author-Via", "DAV");
        call.responseHeaders().set("Allow", ALLOW);
        call.respondEmpty(200);
    }

    public void propfind(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        String depth = call.header("Depth").map(String::strip).orElse("1");
        if (depth.equalsIgnoreCase("infinity")) {
            call.respond(403, ("<?xml version=\"1.0\" encoding=\"utf-8\"?><d:error xmlns:d=\"DAV:\">"
                    + "<d:propfind-finite-depth/></d:error>").getBytes(StandardCharsets.UTF_8), XML);
            return;
        }
        if (!depth.equals("0") && !depth.equals("1")) {
            throw ApiException.badRequest("Depth is 0, 1 or infinity");
        }
        byte[] raw = call.body(MAX_PROPFIND_BODY).readAllBytes();
        PropfindBody body = new String(raw, StandardCharsets.UTF_8).isBlank()
                ? new PropfindBody(PropfindBody.Kind.ALL, List.of())
                : PropfindBody.read(new java.io.ByteArrayInputStream(raw));
        Tree tree = r.tree();
        Resource resource = resolve(r, target.path()).orElseThrow(() -> notFound(target.path()));
        call.respondWriting(207, XML, out -> {
            try (Multistatus xml = new Multistatus(out)) {
                switch (resource) {
                    case Resource.File f -> write(xml, body, target.href(f.head().id(), false),
                            withDead(r, body, f.head().id(), fileProps(r, body, f.head())));
                    case Resource.Folder folder -> {
                        Aggregate all = new Aggregate();
                        forEachBelow(tree, folder.path(), all::add);
                        write(xml, body, target.href(folder.path(), true), withDead(r, body, folder.path(),
                                folderProps(r, body, folder.path(), all)));
                        if (depth.equals("1")) {
                            children(r, target, folder.path(), xml, body);
                        }
                    }
                }
            }
        });
    }

    /** What a folder's tag and time are made of: every file below it, folded as it streams past. */
    private static final class Aggregate {
        long tag = 17;
        Instant newest = Instant.EPOCH;
        long size;

        void add(FileVersion v) {
            size += v.size();
            tag = tag * 31 + v.id().hashCode() * 131L + v.version();
            if (v.modified().isAfter(newest)) {
                newest = v.modified();
            }
        }
    }

    private interface Visitor {
        void visit(FileVersion v) throws IOException;
    }

    /**
     * Every live file below {@code folder} (null: the root), in path order, a page at a time: a folder of 100 000
     * files is never held whole. A sibling that sorts before the folder's own files ({@code a (2)/…} before
     * {@code a/…}) is skipped, not taken for the end.
     */
    private static void forEachBelow(Tree tree, FileId folder, Visitor visitor) throws IOException {
        String prefix = folder == null ? "" : folder.value() + "/";
        FileId after = folder;
        while (true) {
            List<FileVersion> page = tree.list(after, PAGE, false);
            for (FileVersion v : page) {
                String id = v.id().value();
                if (id.startsWith(prefix)) {
                    visitor.visit(v);
                } else if (id.compareTo(prefix) > 0) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.getLast().id();
        }
    }

    private static final int PAGE = 1000;

    /**
     * A folder's immediate files and folders, streamed: a file is written as it is read, a subfolder once the files
     * below it (which come together, in path order) have gone past; then the folders that exist without files (made
     * on their own, or a shared folder's mount).
     */
    private void children(Request r, Target target, FileId folder, Multistatus xml, PropfindBody body)
            throws IOException {
        String prefix = folder == null ? "" : folder.value() + "/";
        java.util.Set<String> seen = new java.util.HashSet<>();
        String[] current = {null};
        Aggregate[] sub = {null};
        forEachBelow(r.tree(), folder, v -> {
            String rest = v.id().value().substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? null : rest.substring(0, slash);
            if (current[0] != null && !current[0].equals(name)) {
                writeFolder(r, target, FileId.of(prefix + current[0]), sub[0], xml, body);
                current[0] = null;
            }
            if (name == null) {
                write(xml, body, target.href(v.id(), false), withDead(r, body, v.id(), fileProps(r, body, v)));
            } else {
                if (current[0] == null) {
                    current[0] = name;
                    sub[0] = new Aggregate();
                    seen.add(name);
                }
                sub[0].add(v);
            }
        });
        if (current[0] != null) {
            writeFolder(r, target, FileId.of(prefix + current[0]), sub[0], xml, body);
        }
        java.util.Set<String> empty = new java.util.TreeSet<>();
        Tree.Place place = folder == null ? null : r.tree().folderPlace(folder);
        List<FileId> made = place == null ? folders.under(homeOf(r), null) : folders.under(place.namespace(),
                place.inner());
        String madePrefix = place == null || place.inner() == null ? "" : place.inner().value() + "/";
        for (FileId f : made) {
            String rest = f.value().substring(madePrefix.length());
            empty.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
        }
        for (var mount : r.tree().mounts()) {
            String path = mount.path().value();
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                String rest = path.substring(prefix.length());
                empty.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
            }
        }
        for (String name : empty) {
            if (!seen.contains(name)) {
                writeFolder(r, target, FileId.of(prefix + name), new Aggregate(), xml, body);
            }
        }
    }

    private void writeFolder(Request r, Target target, FileId id, Aggregate below, Multistatus xml, PropfindBody body)
            throws IOException {
        write(xml, body, target.href(id, true), withDead(r, body, id, folderProps(r, body, id, below)));
    }

    private static void write(Multistatus xml, PropfindBody body, String href, Map<QName, Multistatus.Value> live)
            throws IOException {
        switch (body.kind()) {
            case ALL -> xml.response(href, live, List.of(), false);
            case NAMES -> xml.response(href, live, List.of(), true);
            case SOME -> {
                Map<QName, Multistatus.Value> found = new LinkedHashMap<>();
                List<QName> missing = new ArrayList<>();
                for (QName name : body.names()) {
                    Multistatus.Value value = live.get(name);
                    if (value != null) {
                        found.put(name, value);
                    } else {
                        missing.add(name);
                    }
                }
                xml.response(href, found, missing, false);
            }
        }
    }

    /**
     * The live properties and, when the request may want them (all, names, or one that is not live), the dead ones
     * kept on the resource: a client that asks only for DAV's live properties costs no extra read per entry.
     */
    private Map<QName, Multistatus.Value> withDead(Request r, PropfindBody body, FileId id,
                                                   Map<QName, Multistatus.Value> live) {
        Map<QName, Multistatus.Value> all = new LinkedHashMap<>(live);
        if (body.kind() != PropfindBody.Kind.SOME || body.names().contains(dav("lockdiscovery"))) {
            all.put(dav("lockdiscovery"), Multistatus.Value.stored(lockDiscovery(locksOn(r, id))));
        }
        all.put(dav("supportedlock"), Multistatus.Value.stored(SUPPORTED_LOCK));
        if (body.kind() == PropfindBody.Kind.SOME && all.keySet().containsAll(body.names())) {
            return all;
        }
        for (JdbcDeadProps.Prop p : deadProps.of(propKey(r, id))) {
            all.putIfAbsent(new QName(p.ns(), p.name()), Multistatus.Value.stored(p.xml()));
        }
        return all;
    }

    /** Where a resource's dead properties are kept: its row key (the root's: its namespace's prefix). */
    private static String propKey(Request r, FileId id) {
        if (id == null) {
            return r.caller().namespace().rowPrefix();
        }
        Tree.Place place = r.tree().folderPlace(id);
        return place.inner() == null ? place.namespace().rowPrefix() : place.namespace().rowKey(place.inner());
    }

    /**
     * PROPPATCH: every set and remove, in order, or none: a protected (live) property fails with 403 and the others
     * with 424, and nothing changes.
     */
    public void proppatch(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId path = target.path();
        Resource resource = resolve(r, path).orElseThrow(() -> notFound(path));
        if (path != null && r.tree().folderPlace(path).role() == Role.VIEWER) {
            throw new dev.syncr.core.share.ReadOnlyException(path, path);
        }
        unlocked(r, target, path, false);
        List<JdbcDeadProps.Change> changes = PropertyUpdate.read(call.body(MAX_PROPFIND_BODY));
        boolean refused = changes.stream().anyMatch(c -> PropfindBody.DAV.equals(c.ns()) && LIVE.contains(c.name()));
        Map<QName, String> statuses = new LinkedHashMap<>();
        for (JdbcDeadProps.Change c : changes) {
            boolean protectedProp = PropfindBody.DAV.equals(c.ns()) && LIVE.contains(c.name());
            statuses.put(new QName(c.ns(), c.name()), !refused ? "HTTP/1.1 200 OK"
                    : protectedProp ? "HTTP/1.1 403 Forbidden" : "HTTP/1.1 424 Failed Dependency");
        }
        if (!refused) {
            deadProps.apply(propKey(r, path), changes);
            if (resource instanceof Resource.File f) {
                setModified(r, f.head(), changes);
            }
        }
        boolean folder = resource instanceof Resource.Folder;
        call.respondWriting(207, XML, out -> {
            try (Multistatus xml = new Multistatus(out)) {
                xml.statuses(target.href(path, folder), statuses);
            }
        });
    }

    /** The properties through which clients set a file's modification time (kept as dead properties as well). */
    private static final Set<QName> MODIFIED = Set.of(dav("lastmodified"),
            new QName("urn:schemas-microsoft-com:", "Win32LastModifiedTime"));

    /** A PROPPATCH that sets a file's time (rclone, Windows) makes it the file's modification time. */
    private static void setModified(Request r, FileVersion head, List<JdbcDeadProps.Change> changes) {
        for (JdbcDeadProps.Change c : changes) {
            if (c.xml() != null && MODIFIED.contains(new QName(c.ns(), c.name()))) {
                FileTime.parse(textOf(c.xml())).ifPresent(at -> r.tree().touch(head.id(), head.version(), at));
            }
        }
    }

    /** The text of a stored property element (its markup taken out): a time is plain text. */
    private static String textOf(String xml) {
        return xml.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static Map<QName, Multistatus.Value> fileProps(Request r, PropfindBody body, FileVersion v) {
        Map<QName, Multistatus.Value> props = fileProps(v);
        if (OwnCloudProps.asked(body)) {
            Tree.Place place = r.tree().where(v.id());
            props.putAll(OwnCloudProps.file(v, place.role(), shared(r, place)));
        }
        return props;
    }

    /** Whether a place is in a folder someone else shared with the caller. */
    private static boolean shared(Request r, Tree.Place place) {
        return !place.namespace().equals(homeOf(r)) && place.role() != Role.OWNER;
    }

    private static Map<QName, Multistatus.Value> fileProps(FileVersion v) {
        Map<QName, Multistatus.Value> props = new LinkedHashMap<>();
        props.put(dav("resourcetype"), Multistatus.Value.EMPTY);
        props.put(dav("getcontentlength"), Multistatus.Value.of(Long.toString(v.size())));
        props.put(dav("getlastmodified"), Multistatus.Value.of(HTTP_DATE.format(v.modified())));
        props.put(dav("creationdate"), Multistatus.Value.of(v.createdAt().toString()));
        props.put(dav("getetag"), Multistatus.Value.of(ETags.of(v.version())));
        props.put(dav("getcontenttype"), Multistatus.Value.of(contentType(v.id())));
        props.put(dav("displayname"), Multistatus.Value.of(v.id().name()));
        return props;
    }

    /**
     * A folder's: its ETag changes whenever anything below it changes (tools skip unchanged subtrees by it), and its
     * time is its newest file's.
     */
    private Map<QName, Multistatus.Value> folderProps(Request r, PropfindBody body, FileId folder, Aggregate below) {
        Map<QName, Multistatus.Value> props = folderProps(r, folder, below);
        if (OwnCloudProps.asked(body)) {
            Tree.Place place = folder == null ? null : r.tree().folderPlace(folder);
            String where = place == null ? homeOf(r).rowPrefix() : place.inner() == null
                    ? place.namespace().rowPrefix() : place.namespace().rowKey(place.inner());
            props.putAll(OwnCloudProps.folder(where, below.size, place == null ? Role.OWNER : place.role(),
                    place != null && shared(r, place), folder == null ? r.tree().storeId() : null));
        }
        return props;
    }

    private Map<QName, Multistatus.Value> folderProps(Request r, FileId folder, Aggregate below) {
        long tag = below.tag;
        Instant newest = below.newest;
        if (newest.equals(Instant.EPOCH) && folder != null) {
            // nothing below: the folder's own time, when it was made on its own (a mount's is its share's)
            Tree.Place place = r.tree().folderPlace(folder);
            newest = place.inner() == null ? newest : folders.madeAt(place.namespace(), place.inner()).orElse(newest);
        }
        Map<QName, Multistatus.Value> props = new LinkedHashMap<>();
        props.put(dav("resourcetype"), Multistatus.Value.COLLECTION);
        props.put(dav("getlastmodified"), Multistatus.Value.of(HTTP_DATE.format(newest)));
        props.put(dav("creationdate"), Multistatus.Value.of(newest.toString()));
        props.put(dav("getetag"), Multistatus.Value.of("\"d" + Long.toHexString(tag) + "\""));
        props.put(dav("displayname"), Multistatus.Value.of(folder == null ? "" : folder.name()));
        if (folder == null) {
            long used = r.tree().usage();
            props.put(dav("quota-used-bytes"), Multistatus.Value.of(Long.toString(used)));
            if (r.caller().quotaBytes() != Long.MAX_VALUE) {
                props.put(dav("quota-available-bytes"), Multistatus.Value.of(Long.toString(Math.max(0,
                        r.caller().quotaBytes() - used))));
            }
        }
        return props;
    }

    /** GET and HEAD: a file's content (ranges, tags as for downloads); a folder says to PROPFIND it. */
    public void get(Request r) throws IOException {
        Target target = target(r);
        Resource resource = resolve(r, target.path()).orElseThrow(() -> notFound(target.path()));
        HttpCall call = r.call();
        if (resource instanceof Resource.File f) {
            FileVersion v = f.head();
            call.responseHeaders().set("Last-Modified", HTTP_DATE.format(v.modified()));
            Tree tree = r.tree();
            DownloadHandler.send(call, v.id(), v.version(), v.content(), new DownloadHandler.Contents(
                    tree::openWhole, tree::open));
            return;
        }
        call.respond(200, "a folder: list it with PROPFIND\n".getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8");
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    /**
     * PUT: with {@code If-Match}, the compare-and-set (a stale tag is 412, nothing written); without, an overwrite
     * that records a new version. The body streams into storage once, then commits (again on the head it lost to,
     * when another write raced it and no tag was asked).
     */
    public void put(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId path = target.path();
        if (path == null || folderExists(r, path)) {
            throw new ApiException(405, "method_not_allowed", "a folder has no content to PUT");
        }
        requireParent(r, path);
        unlocked(r, target, path, false);
        Tree tree = r.tree();
        Optional<FileVersion> head = tree.metadata(path).filter(v -> !v.deleted());
        if (call.header("If-None-Match").map(String::strip).filter("*"::equals).isPresent() && head.isPresent()) {
            throw precondition(path + " exists (If-None-Match: *)");
        }
        commit(r, path, call.body(), expected(call, path, head), () -> { });
    }

    /**
     * Commits content as {@code path}'s next version and answers the request: on {@code asked} (the compare-and-set)
     * or, without, on whatever is there (an overwrite, again on the head it lost to when another write raced it),
     * with the client's modification time ({@code X-OC-Mtime}) and checksum ({@code OC-Checksum}) if it sent them.
     * The content streams into storage once.
     */
    void commit(Request r, FileId path, InputStream content, OptionalLong asked, IoAction beforeAnswer)
            throws IOException {
        HttpCall call = r.call();
        Tree tree = r.tree();
        Instant modifiedAt = call.header("X-OC-Mtime").map(FileTime::header).orElse(null);
        Optional<String> claimed = Checksums.sha256(call);
        try (StagedBlob staged = tree.stage(content)) {
            for (int tries = 0; ; tries++) {
                int attempt = tries;
                long expected = asked.isPresent() ? asked.getAsLong()
                        : tree.metadata(path).map(FileVersion::version).orElse(0L);
                StagedUpload upload = new StagedUpload(path, expected, staged, claimed, call.clientId(),
                        OnConflict.REJECT, modifiedAt);
                Optional<FileId> original = conflictedCopyOf(call, path);
                WriteOutcome outcome = original.isPresent()
                        ? tree.uploadConflictedCopy(upload, original.get(), conflictBase(call))
                        : tree.upload(upload);
                if (modifiedAt != null && (outcome instanceof WriteOutcome.Committed
                        || outcome instanceof WriteOutcome.Unchanged)) {
                    call.responseHeaders().set("X-OC-MTime", "accepted");
                }
                switch (outcome) {
                    case WriteOutcome.Committed c -> {
                        signal.committed(r); // devices waiting on the change feed learn of it now
                        beforeAnswer.run();
                        identify(call, c.version());
                        call.respondEmpty(c.created() ? 201 : 204);
                        return;
                    }
                    case WriteOutcome.Unchanged u -> {
                        beforeAnswer.run();
                        identify(call, u.head());
                        call.respondEmpty(204);
                        return;
                    }
                    case WriteOutcome.HashMismatch m -> throw Checksums.mismatch(m);
                    case WriteOutcome.Conflict c when asked.isEmpty() && attempt < 3 -> {
                        // another write came first and no version was asked for: this one goes on top of it
                    }
                    case WriteOutcome.Conflict c -> throw precondition(path + " is at version " + c.currentVersion()
                            + ", not " + c.expectedVersion());
                    case WriteOutcome.QuotaExceeded q -> throw new ApiException(507, "insufficient_storage",
                            "this would take the account past its storage quota; nothing was stored");
                    default -> throw ApiException.badRequest("not stored: " + outcome);
                }
            }
        }
    }

    /**
     * The file a Nextcloud client's conflicted copy is of ({@code OC-Conflict: 1}): its copy sits beside the
     * original, whose name {@code OC-ConflictInitialBasePath} gives (relative to the client's folder, which may be
     * any folder of ours, so only its name is used).
     */
    private static Optional<FileId> conflictedCopyOf(HttpCall call, FileId copy) {
        if (!call.header("OC-Conflict").map(String::strip).filter("1"::equals).isPresent()) {
            return Optional.empty();
        }
        return call.header("OC-ConflictInitialBasePath").map(DavHandler::utf8Header).filter(p -> !p.isEmpty())
                .flatMap(p -> {
            String name = p.substring(p.lastIndexOf('/') + 1);
            String parent = copy.parent();
            try {
                return Optional.of(FileId.of(parent.isEmpty() ? name : parent + "/" + name));
            } catch (InvalidFileIdException e) {
                return Optional.empty();
            }
        }).filter(original -> !original.equals(copy));
    }

    /**
     * A header a client wrote in UTF-8 (a file name): the JDK's server reads header bytes as ISO-8859-1, so they are
     * read again as what they were; a percent-encoded one is decoded.
     */
    private static String utf8Header(String value) {
        String raw = new String(value.strip().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return raw.contains("%") ? java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8) : raw;
    }

    /** The version both sides started from, as {@code OC-ConflictBaseEtag} says (0: not said). */
    private static long conflictBase(HttpCall call) {
        return call.header("OC-ConflictBaseEtag").map(t -> t.strip().replace("\"", ""))
                .filter(t -> t.matches("[0-9]{1,18}")).map(Long::parseLong).orElse(0L);
    }

    /**
     * The end of an upload in parts ({@code MOVE …/uploads/USER/ID/.file}): {@code content} (the parts in order)
     * becomes the {@code Destination}'s next version, on the conditions a PUT there would have: the destination's
     * parent exists, no lock without its token, and the ETag the {@code If} header gives for it is the
     * compare-and-set.
     */
    /** Work done once a write is committed and before it is answered. */
    @FunctionalInterface
    interface IoAction {
        void run() throws IOException;
    }

    void finishUpload(Request r, InputStream content, IoAction committed) throws IOException {
        HttpCall call = r.call();
        String header = call.header("Destination").map(String::strip)
                .orElseThrow(() -> ApiException.badRequest("the upload's MOVE needs a Destination header"));
        String destination;
        try {
            destination = URI.create(header).getRawPath();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Destination is not a URL: " + HttpCall.abbreviate(header));
        }
        if (destination == null) {
            throw ApiException.badRequest("Destination names no path: " + HttpCall.abbreviate(header));
        }
        String user = r.caller().user().value();
        String prefix = DAV_PREFIXES.stream().map(p -> p.replace("{user}", user)).filter(p -> (destination + "/")
                .startsWith(p)).findFirst().orElseThrow(() -> new ApiException(502, "bad_gateway",
                "the Destination is not in your files"));
        Target target = new Target(destinationPath(destination, new Target(null, prefix)), prefix);
        FileId path = target.path();
        if (path == null || folderExists(r, path)) {
            throw new ApiException(405, "method_not_allowed", "a folder has no content to PUT");
        }
        requireParent(r, path);
        unlocked(r, target, path, false);
        Optional<FileVersion> head = r.tree().metadata(path).filter(v -> !v.deleted());
        OptionalLong asked = expected(call, path, head);
        if (asked.isEmpty()) {
            asked = call.header("If").map(IfHeader::parse).flatMap(h -> h.etagFor(tag -> {
                try {
                    return path.equals(destinationPath(URI.create(tag).getRawPath(), target));
                } catch (RuntimeException other) {
                    return false;
                }
            })).map(ETags::expectedVersion).orElse(OptionalLong.empty());
        }
        commit(r, path, content, asked, committed);
    }

    /** Where a user's files are, in the forms a {@code Destination} may name them. */
    private static final List<String> DAV_PREFIXES = List.of("/remote.php/dav/files/{user}/", "/dav/files/{user}/",
            "/remote.php/webdav/");

    /** What a write's answer says of the file now: its tag, and (for the Nextcloud clients) its id and tag again. */
    static void identify(HttpCall call, FileVersion v) {
        call.responseHeaders().set("ETag", ETags.of(v.version()));
        call.responseHeaders().set("OC-ETag", ETags.of(v.version()));
        call.responseHeaders().set("OC-FileId", OwnCloudProps.fileId(v.key()));
    }

    public void delete(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId path = target.path();
        if (path == null) {
            throw new ApiException(403, "forbidden", "the root of your files cannot be deleted");
        }
        Resource resource = resolve(r, path).orElseThrow(() -> notFound(path));
        unlocked(r, target, path, true);
        switch (resource) {
            case Resource.File f -> {
                OptionalLong expected = expected(call, path, Optional.of(f.head()));
                WriteOutcome outcome = r.tree().delete(new DeleteRequest(path, expected.isPresent() ? expected
                        : OptionalLong.of(f.head().version()), call.clientId()));
                if (outcome instanceof WriteOutcome.Conflict c) {
                    throw precondition(path + " is at version " + c.currentVersion());
                }
            }
            case Resource.Folder folder -> deleteFolder(r, path);
        }
        deadProps.delete(propKey(r, path));
        locks.releaseUnder(propKey(r, path));
        signal.committed(r);
        call.respondEmpty(204);
    }

    private void deleteFolder(Request r, FileId path) {
        Tree tree = r.tree();
        if (tree.isMount(path)) {
            throw new ApiException(403, "forbidden", path + " is a shared folder: leave it (DELETE /shares/{id}) "
                    + "instead");
        }
        for (FileVersion v : tree.under(path, false)) {
            tree.delete(new DeleteRequest(v.id(), OptionalLong.of(v.version()), r.call().clientId()));
        }
        Tree.Place place = tree.folderPlace(path);
        if (place.inner() != null) {
            folders.remove(place.namespace(), place.inner());
        }
    }

    public void mkcol(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId path = target.path();
        if (call.header("Content-Length").map(l -> !l.strip().equals("0")).orElse(false)
                || call.header("Transfer-Encoding").isPresent()) {
            throw new ApiException(415, "unsupported_media_type", "MKCOL takes no body");
        }
        if (path == null || resolve(r, path).isPresent()) {
            throw new ApiException(405, "method_not_allowed", "something already exists there");
        }
        requireParent(r, path);
        unlocked(r, target, path, false);
        Tree.Place place = r.tree().where(path);
        if (place.role() == Role.VIEWER) {
            throw new dev.syncr.core.share.ReadOnlyException(path, FileId.of(path.parent()));
        }
        folders.add(place.namespace(), place.inner(), clock.instant());
        call.respondEmpty(201);
    }

    public void move(Request r) throws IOException {
        transfer(r, true);
    }

    public void copy(Request r) throws IOException {
        transfer(r, false);
    }

    /** MOVE and COPY: {@code Destination} in the same tree, {@code Overwrite} (default T), 201 new or 204 replaced. */
    private void transfer(Request r, boolean move) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId from = target.path();
        FileId to = destination(call, target);
        if (from == null || to == null) {
            throw new ApiException(403, "forbidden", "the root of your files cannot be moved or copied");
        }
        if (from.equals(to) || to.value().startsWith(from.value() + "/")) {
            throw new ApiException(403, "forbidden", "a resource cannot be " + (move ? "moved" : "copied")
                    + " onto itself or into itself");
        }
        Resource source = resolve(r, from).orElseThrow(() -> notFound(from));
        requireParent(r, to);
        if (move) {
            unlocked(r, target, from, true);
        }
        unlocked(r, target, to, true);
        boolean overwrite = !call.header("Overwrite").map(String::strip).filter("F"::equalsIgnoreCase).isPresent();
        Optional<Resource> existing = resolve(r, to);
        if (existing.isPresent()) {
            if (!overwrite) {
                throw precondition(to + " exists and Overwrite is F");
            }
            switch (existing.get()) {
                case Resource.File f -> r.tree().delete(new DeleteRequest(to, OptionalLong.of(f.head().version()),
                        call.clientId()));
                case Resource.Folder folder -> deleteFolder(r, to);
            }
            deadProps.delete(propKey(r, to));
        }
        String fromKey = propKey(r, from);
        switch (source) {
            case Resource.File f -> identify(call, transferFile(r, f.head(), to, move));
            case Resource.Folder folder -> {
                boolean shallow = !move && call.header("Depth").map(String::strip).filter("0"::equals).isPresent();
                Tree.Place dest = r.tree().where(to);
                folders.add(dest.namespace(), dest.inner(), clock.instant());
                if (!shallow) {
                    for (FileVersion v : r.tree().under(from, false)) {
                        transferFile(r, v, FileId.of(to.value() + v.id().value().substring(from.value().length())),
                                move);
                    }
                    Tree.Place src = r.tree().folderPlace(from);
                    String srcPrefix = src.inner() == null ? "" : src.inner().value() + "/";
                    for (FileId made : folders.under(src.namespace(), src.inner())) {
                        FileId copy = FileId.of(to.value() + "/" + made.value().substring(srcPrefix.length()));
                        Tree.Place at = r.tree().where(copy);
                        folders.add(at.namespace(), at.inner(), clock.instant());
                    }
                    if (move) {
                        deleteFolder(r, from);
                    }
                }
            }
        }
        // dead properties go with a move and are copied by a copy (the destination's keys exist only now)
        if (move) {
            deadProps.move(fromKey, propKey(r, to));
            locks.releaseUnder(fromKey); // a lock stays with its resource's old name: gone with it
        } else {
            deadProps.copy(fromKey, propKey(r, to));
        }
        signal.committed(r);
        call.respondEmpty(existing.isPresent() ? 204 : 201);
    }

    /** Moves or copies one file; answers the version it now has at {@code to}. */
    private FileVersion transferFile(Request r, FileVersion v, FileId to, boolean move) throws IOException {
        Tree tree = r.tree();
        String client = r.call().clientId();
        if (move) {
            WriteOutcome moved = tree.move(new MoveRequest(v.id(), to, v.version(), client));
            if (!(moved instanceof WriteOutcome.Committed committed)) {
                throw precondition(v.id() + " changed while it was being moved; nothing was moved");
            }
            return committed.version();
        }
        long over = tree.metadata(to).map(FileVersion::version).orElse(0L);
        try (InputStream in = tree.open(v.content())) {
            WriteOutcome copied = tree.upload(new UploadRequest(to, over, in, Optional.of(v.hash()), client,
                    OnConflict.REJECT));
            return switch (copied) {
                case WriteOutcome.Committed c -> c.version();
                case WriteOutcome.Unchanged u -> u.head();
                default -> throw precondition(to + " changed while " + v.id() + " was being copied there");
            };
        }
    }

    // ---- locks -------------------------------------------------------------------------------------------------

    private static final String SUPPORTED_LOCK = "<d:supportedlock xmlns:d=\"DAV:\"><d:lockentry><d:lockscope><d:exclusive/>"
            + "</d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry><d:lockentry><d:lockscope><d:shared/>"
            + "</d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry></d:supportedlock>";

    /**
     * LOCK: a new write lock (exclusive or shared, depth 0 or infinity, {@code <owner>} kept as sent), or, without a
     * body, a refresh of the lock the {@code If} header names. A missing resource becomes an empty file (201).
     */
    public void lock(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        FileId path = target.path();
        long seconds = timeout(call.header("Timeout").orElse(""));
        byte[] raw = call.body(MAX_PROPFIND_BODY).readAllBytes();
        Instant now = clock.instant();
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            Set<String> tokens = call.header("If").map(IfHeader::parse).map(IfHeader::tokens).orElse(Set.of());
            for (String token : tokens) {
                Optional<JdbcLocks.Lock> refreshed = locksOn(r, path).stream().filter(l -> l.token().equals(token))
                        .findFirst().flatMap(l -> locks.refresh(token, seconds, now));
                if (refreshed.isPresent()) {
                    respondLock(call, 200, refreshed.get());
                    return;
                }
            }
            throw precondition("a refresh names a lock of this resource in its If header");
        }
        LockInfo info = LockInfo.read(new java.io.ByteArrayInputStream(raw));
        String depth = call.header("Depth").map(String::strip).orElse("infinity");
        if (!depth.equals("0") && !depth.equalsIgnoreCase("infinity")) {
            throw ApiException.badRequest("a lock's Depth is 0 or infinity");
        }
        if (path != null && r.tree().folderPlace(path).role() == Role.VIEWER) {
            throw new dev.syncr.core.share.ReadOnlyException(path, path); // a viewer's lock would stop the editors
        }
        boolean created = false;
        if (path != null && resolve(r, path).isEmpty()) {
            requireParent(r, path);
            unlocked(r, target, path, false);
            // a lock on nothing makes an empty file there, as RFC 4918 7.3 says
            r.tree().upload(new UploadRequest(path, r.tree().metadata(path).map(FileVersion::version).orElse(0L),
                    InputStream.nullInputStream(), Optional.empty(), call.clientId(), OnConflict.REJECT));
            created = true;
        }
        boolean folder = path == null || resolve(r, path).orElseThrow() instanceof Resource.Folder;
        String key = propKey(r, path);
        JdbcLocks.Lock lock = new JdbcLocks.Lock("opaquelocktoken:" + java.util.UUID.randomUUID(), key,
                target.href(path, folder), depth.equalsIgnoreCase("infinity"), info.exclusive(), info.owner(),
                seconds, now.plusSeconds(seconds));
        List<JdbcLocks.Lock> conflicts = locks.take(lock, ancestors(key), now);
        if (!conflicts.isEmpty()) {
            throw locked(conflicts, "no-conflicting-lock");
        }
        call.responseHeaders().set("Lock-Token", "<" + lock.token() + ">");
        respondLock(call, created ? 201 : 200, lock);
    }

    /** UNLOCK: the lock the {@code Lock-Token} header names, if it is one of this resource's. */
    public void unlock(Request r) throws IOException {
        HttpCall call = r.call();
        Target target = target(r);
        resolve(r, target.path()).orElseThrow(() -> notFound(target.path()));
        String token = call.header("Lock-Token").map(String::strip).map(t -> t.replaceAll("^<|>$", ""))
                .orElseThrow(() -> ApiException.badRequest("UNLOCK needs a Lock-Token header"));
        boolean ours = locksOn(r, target.path()).stream().anyMatch(l -> l.token().equals(token));
        if (!ours || !locks.release(token)) {
            call.respond(409, ("<?xml version=\"1.0\" encoding=\"utf-8\"?><d:error xmlns:d=\"DAV:\">"
                    + "<d:lock-token-matches-request-uri/></d:error>").getBytes(StandardCharsets.UTF_8), XML);
            return;
        }
        call.respondEmpty(204);
    }

    private void respondLock(HttpCall call, int status, JdbcLocks.Lock lock) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:prop xmlns:d=\"DAV:\">" + lockDiscovery(List.of(lock))
                + "</d:prop>";
        call.respond(status, xml.getBytes(StandardCharsets.UTF_8), XML);
    }

    private static String lockDiscovery(List<JdbcLocks.Lock> active) {
        StringBuilder xml = new StringBuilder("<d:lockdiscovery xmlns:d=\"DAV:\">");
        for (JdbcLocks.Lock l : active) {
            xml.append("<d:activelock><d:locktype><d:write/></d:locktype><d:lockscope>")
                    .append(l.exclusive() ? "<d:exclusive/>" : "<d:shared/>").append("</d:lockscope><d:depth>")
                    .append(l.infinite() ? "infinity" : "0").append("</d:depth>")
                    .append(l.owner() == null ? "" : l.owner())
                    .append("<d:timeout>Second-").append(l.timeoutSeconds()).append("</d:timeout>")
                    .append("<d:locktoken><d:href>").append(escape(l.token())).append("</d:href></d:locktoken>")
                    .append("<d:lockroot><d:href>").append(escape(l.rootHref())).append("</d:href></d:lockroot>")
                    .append("</d:activelock>");
        }
        return xml.append("</d:lockdiscovery>").toString();
    }

    /** The live locks that cover a resource (its own, and depth-infinity ones above it). */
    private List<JdbcLocks.Lock> locksOn(Request r, FileId path) {
        String key = propKey(r, path);
        return locks.affecting(key, ancestors(key), false, clock.instant());
    }

    /**
     * Refuses a change to {@code path} (and, with {@code below}, to what is under it) that a lock covers unless the
     * request's {@code If} header submits that lock's token; and checks the {@code If} header itself (412 when no
     * list of it holds).
     */
    private void unlocked(Request r, Target target, FileId path, boolean below) {
        HttpCall call = r.call();
        Optional<IfHeader> conditions = call.header("If").map(IfHeader::parse);
        if (conditions.isPresent() && !conditions.get().holds(tag -> state(r, target, tag))) {
            throw precondition("no list of the If header holds");
        }
        Set<String> submitted = conditions.map(IfHeader::tokens).orElse(Set.of());
        String key = propKey(r, path);
        List<JdbcLocks.Lock> held = locks.affecting(key, ancestors(key), below, clock.instant()).stream()
                .filter(l -> !submitted.contains(l.token())).toList();
        if (!held.isEmpty()) {
            throw locked(held, "lock-token-submitted");
        }
    }

    /** What an {@code If} list is checked against: the resource it names (or the request's), its locks and tag. */
    private IfHeader.State state(Request r, Target target, String tag) {
        FileId path = target.path();
        if (tag != null) {
            try {
                path = destinationPath(URI.create(tag).getRawPath(), target);
            } catch (RuntimeException unknown) {
                return new IfHeader.State(Set.of(), null);
            }
        }
        Set<String> tokens = new java.util.HashSet<>();
        locksOn(r, path).forEach(l -> tokens.add(l.token()));
        String etag = path == null ? null : r.tree().metadata(path).filter(v -> !v.deleted())
                .map(v -> ETags.of(v.version())).orElse(null);
        return new IfHeader.State(tokens, etag);
    }

    private static List<String> ancestors(String key) {
        return JdbcLocks.ancestors(key);
    }

    private static long timeout(String header) {
        for (String part : header.split(",")) {
            String t = part.strip();
            if (t.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    return Math.max(1, Math.min(MAX_LOCK_SECONDS, Long.parseLong(t.substring(7))));
                } catch (NumberFormatException ignored) {
                    // the next one, or the default
                }
            }
        }
        return MAX_LOCK_SECONDS;
    }

    private static ApiException locked(List<JdbcLocks.Lock> held, String condition) {
        return new ApiException(423, "locked", "locked (" + condition + "): " + held.getFirst().rootHref());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- what a request names ----------------------------------------------------------------------------------

    private Target target(Request r) {
        String user = r.param("user");
        if (user != null && r.caller().user() != null && !r.decoded("user").equals(r.caller().user().value())) {
            throw ApiException.notFound("no such folder"); // another account's files: as if there were none
        }
        String rawPath = r.call().rawPath();
        String raw = r.param("file_id");
        String prefix;
        if (raw == null) {
            prefix = rawPath.endsWith("/") ? rawPath : rawPath + "/";
        } else if (rawPath.endsWith(raw)) {
            prefix = rawPath.substring(0, rawPath.length() - raw.length());
        } else {
            prefix = rawPath.substring(0, rawPath.length() - raw.length() - 1);
        }
        String path = raw == null ? "" : r.decoded("file_id");
        return new Target(path.isEmpty() ? null : fileId(path), prefix);
    }

    /** The {@code Destination} header as a path of the same tree; another server's or area's is a 502. */
    private static FileId destination(HttpCall call, Target target) {
        String header = call.header("Destination").map(String::strip)
                .orElseThrow(() -> ApiException.badRequest("MOVE and COPY need a Destination header"));
        URI uri;
        try {
            uri = URI.create(header);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Destination is not a URL: " + HttpCall.abbreviate(header));
        }
        String host = call.header("Host").orElse("");
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().equalsIgnoreCase(host)) {
            throw new ApiException(502, "bad_gateway", "the Destination is on another server");
        }
        return destinationPath(uri.getRawPath() == null ? "" : uri.getRawPath(), target);
    }

    /** A URL path of these files (as {@code Destination} or an {@code If} tag names it) as a path of the tree. */
    private static FileId destinationPath(String path, Target target) {
        if (!(path + "/").startsWith(target.prefix())) {
            throw new ApiException(502, "bad_gateway", "the Destination is outside these files");
        }
        String rest = path.length() <= target.prefix().length() ? "" : path.substring(target.prefix().length());
        rest = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        String decoded = java.net.URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.isEmpty() ? null : fileId(decoded);
    }

    private static FileId fileId(String path) {
        try {
            return FileId.of(path);
        } catch (InvalidFileIdException e) {
            throw ApiException.invalidFileId(e);
        }
    }

    private Optional<Resource> resolve(Request r, FileId path) {
        if (path == null) {
            return Optional.of(new Resource.Folder(null));
        }
        Optional<FileVersion> head = r.tree().metadata(path).filter(v -> !v.deleted());
        if (head.isPresent()) {
            return Optional.of(new Resource.File(head.get()));
        }
        return folderExists(r, path) ? Optional.of(new Resource.Folder(path)) : Optional.empty();
    }

    /** A folder exists as a mount, as a folder made on its own, or through any file below it. */
    private boolean folderExists(Request r, FileId path) {
        Tree tree = r.tree();
        if (tree.isMount(path)) {
            return true;
        }
        Tree.Place place = tree.where(path);
        if (folders.exists(place.namespace(), place.inner())) {
            return true;
        }
        String prefix = path.value() + "/";
        FileId after = path;
        while (true) {
            List<FileVersion> page = tree.list(after, 100, false);
            for (FileVersion v : page) {
                if (v.id().value().startsWith(prefix)) {
                    return true;
                }
                if (v.id().value().compareTo(prefix) > 0) {
                    return false;
                }
            }
            if (page.size() < 100) {
                return false;
            }
            after = page.getLast().id();
        }
    }

    private void requireParent(Request r, FileId path) {
        String parent = path.parent();
        if (!parent.isEmpty() && !folderExists(r, FileId.of(parent))) {
            throw new ApiException(409, "conflict", "the folder " + parent + " does not exist; make it first (MKCOL)");
        }
    }

    /** The version an {@code If-Match} names (empty without one); {@code *} asks that the file exist. */
    private static OptionalLong expected(HttpCall call, FileId path, Optional<FileVersion> head) {
        Optional<String> ifMatch = call.header("If-Match");
        if (ifMatch.isEmpty()) {
            return OptionalLong.empty();
        }
        OptionalLong tagged = ETags.expectedVersion(ifMatch.get());
        if (tagged.isPresent()) {
            return tagged;
        }
        return OptionalLong.of(head.map(FileVersion::version).orElseThrow(() -> precondition(path
                + " does not exist (If-Match: *)")));
    }

    private static dev.syncr.core.Namespace homeOf(Request r) {
        return r.caller().namespace();
    }

    private static ApiException precondition(String message) {
        return new ApiException(412, "precondition_failed", message);
    }

    private static ApiException notFound(FileId path) {
        return ApiException.notFound(path == null ? "no such folder" : "nothing at " + path);
    }

    private static QName dav(String name) {
        return new QName(PropfindBody.DAV, name);
    }

    private static String contentType(FileId id) {
        String type = URLConnection.guessContentTypeFromName(id.name());
        return type != null ? type : "application/octet-stream";
    }
}
