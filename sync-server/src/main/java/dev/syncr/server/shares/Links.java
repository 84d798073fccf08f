package dev.syncr.server.shares;

import dev.syncr.core.FileId;
import dev.syncr.core.FileVersion;
import dev.syncr.core.Namespace;
import dev.syncr.core.OnConflict;
import dev.syncr.core.SyncService;
import dev.syncr.core.UploadRequest;
import dev.syncr.core.WriteOutcome;
import dev.syncr.core.share.Role;
import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.accounts.LoginResult;
import dev.syncr.server.jdbc.JdbcLinks;
import dev.syncr.server.jdbc.JdbcShares;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Links: a path of your files reachable without an account. A {@code view} link shows a file, or a folder and all
 * under it, to read; an {@code upload} link ("file drop") takes new files into a folder and shows nothing. The one
 * place a link's reach is enforced: every path a visitor names is inside the link's path of the link's namespace.
 * An expired or revoked link, and a token nobody issued, are the same: not found.
 */
public final class Links {

    /** What a visitor of a link reaches: the namespace's service and the link's path in it. */
    public record Open(JdbcLinks.Link link, SyncService service) {

        public boolean view() {
            return link.access().equals("view");
        }

        /** The path inside the link's namespace of {@code sub}, a path below the link's folder. */
        public FileId inside(FileId sub) {
            return link.path().isEmpty() ? sub : FileId.of(link.path() + "/" + sub.value());
        }

        /** The link's own path: a file, or the folder whose files it shows; empty for a shared folder's root. */
        public Optional<FileId> path() {
            return link.path().isEmpty() ? Optional.empty() : Optional.of(FileId.of(link.path()));
        }
    }

    /** A visitor's try at a link's password, refused. */
    public sealed interface Refusal {
        record WrongPassword() implements Refusal {
        }

        record Throttled(java.time.Duration retryAfter) implements Refusal {
        }

        record Busy(java.time.Duration retryAfter) implements Refusal {
        }
    }

    /** A link made: its token is shown this once. */
    public record Made(JdbcLinks.Link link, String token) {
    }

    private final JdbcLinks store;
    private final JdbcShares shares;
    private final Accounts accounts;
    private final SyncService root;
    private final Clock clock;

    public Links(JdbcLinks store, JdbcShares shares, Accounts accounts, SyncService root, Clock clock) {
        this.store = store;
        this.shares = shares;
        this.accounts = accounts;
        this.root = root;
        this.clock = clock;
    }

    /**
     * A link to {@code path} of the caller's files: of their home, or of a folder they share (its owner only: the
     * files are theirs to give).
     */
    public Made create(Caller caller, FileId path, String access, Optional<String> password,
                       Optional<Instant> expiresAt) {
        String owner = account(caller);
        if (!access.equals("view") && !access.equals("upload")) {
            throw new ShareException(ShareException.Kind.REJECTED, "a link's access is view or upload, not '"
                    + access + "'");
        }
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(clock.instant())) {
            throw new ShareException(ShareException.Kind.REJECTED, "expires_at is in the past");
        }
        Namespace namespace = caller.namespace();
        String inner = path.value();
        for (JdbcShares.MountRow m : shares.mountsOf(owner)) {
            boolean inside = path.value().startsWith(m.path().value() + "/");
            if (inside || path.equals(m.path())) {
                if (m.role() != Role.OWNER) {
                    throw new ShareException(ShareException.Kind.NOT_OWNER, "only " + m.share().owner() + ", who "
                            + "shared " + m.path() + ", can make links to it");
                }
                namespace = m.share().namespace();
                inner = inside ? path.value().substring(m.path().value().length() + 1) : "";
            }
        }
        Accounts.LinkSecret secret = Accounts.newLinkSecret();
        JdbcLinks.Link link = new JdbcLinks.Link(secret.tokenHash().substring(0, 12), secret.tokenHash(), owner,
                namespace, inner, path, access, password.map(accounts::hashLinkPassword).orElse(null),
                expiresAt.orElse(null), clock.instant());
        store.add(link);
        return new Made(link, secret.token());
    }

    /** The caller's links (none without accounts). */
    public List<JdbcLinks.Link> list(Caller caller) {
        return caller.user() == null ? List.of() : store.of(caller.user().value());
    }

    public void revoke(Caller caller, String id) {
        if (!store.delete(account(caller), id)) {
            throw new ShareException(ShareException.Kind.NOT_FOUND, "no link " + id);
        }
    }

    /** The link a token opens, if it is live; a wrong token, an expired or revoked link: empty. */
    public Optional<JdbcLinks.Link> find(String token) {
        if (token == null || !token.matches("[0-9a-f]{40}")) {
            return Optional.empty();
        }
        return store.byTokenHash(Accounts.linkTokenHash(token))
                .filter(l -> l.expiresAt() == null || l.expiresAt().isAfter(clock.instant()));
    }

    /** Opens a live link for a visitor, checking its password (throttled per link and address) if it has one. */
    public Optional<Refusal> check(JdbcLinks.Link link, Optional<String> password, String address) {
        if (link.passwordHash() == null) {
            return Optional.empty();
        }
        Optional<LoginResult> result = accounts.checkLinkPassword(link.id(), address, password.orElse(""),
                link.passwordHash());
        return result.map(r -> switch (r) {
            case LoginResult.Throttled t -> new Refusal.Throttled(t.retryAfter());
            case LoginResult.Busy b -> new Refusal.Busy(b.retryAfter());
            default -> new Refusal.WrongPassword();
        });
    }

    public Open open(JdbcLinks.Link link) {
        return new Open(link, root.in(link.namespace()));
    }

    /** The live files under a folder link (its path relative to the folder), in path order. */
    public List<FileVersion> files(Open open) {
        String prefix = open.link().path().isEmpty() ? "" : open.link().path() + "/";
        List<FileVersion> files = new ArrayList<>();
        FileId after = prefix.isEmpty() ? null : FileId.of(open.link().path());
        while (true) {
            List<FileVersion> page = open.service().list(after, 1000, false);
            for (FileVersion v : page) {
                String id = v.id().value();
                if (id.startsWith(prefix)) {
                    files.add(v.withId(FileId.of(id.substring(prefix.length()))));
                } else if (id.compareTo(prefix) > 0) {
                    return files; // past the folder ("Project (2)/…" sorts before "Project/…", so only then)
                }
            }
            if (page.size() < 1000) {
                return files;
            }
            after = page.getLast().id();
        }
    }

    /**
     * Drops a new file into an upload link's folder under {@code name}, or {@code name (2)}, {@code (3)}… when that is
     * taken: nothing there is ever overwritten.
     */
    public WriteOutcome drop(Open open, String name, InputStream content, String from) throws IOException {
        FileId wanted = FileId.of(name);
        for (int n = 1; n < 1000; n++) {
            FileId candidate = n == 1 ? wanted : numbered(wanted, n);
            FileId inside = open.inside(candidate);
            if (open.service().metadata(inside).filter(v -> !v.deleted()).isPresent()) {
                continue;
            }
            long over = open.service().metadata(inside).map(FileVersion::version).orElse(0L);
            WriteOutcome outcome = open.service().upload(new UploadRequest(inside, over, content, Optional.empty(),
                    from, OnConflict.REJECT));
            if (!(outcome instanceof WriteOutcome.Conflict)) {
                return outcome;
            }
            throw new ShareException(ShareException.Kind.TAKEN, "another file named " + candidate + " arrived at "
                    + "the same moment; send it again");
        }
        throw new ShareException(ShareException.Kind.TAKEN, "too many files named " + name + " here");
    }

    /** {@code report.pdf} → {@code report (2).pdf}, in the same folder. */
    static FileId numbered(FileId id, int n) {
        String name = id.name();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot)
                : name + " (" + n + ")";
        String parent = id.value().substring(0, id.value().length() - name.length());
        return FileId.of(parent + numbered);
    }

    private static String account(Caller caller) {
        if (caller.user() == null) {
            throw new ShareException(ShareException.Kind.REJECTED, "links need accounts: this server runs without "
                    + "users (add one with: user add NAME)");
        }
        return caller.user().value();
    }
}
