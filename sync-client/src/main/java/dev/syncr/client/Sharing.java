package dev.syncr.client;

import dev.syncr.api.LinkList;
import dev.syncr.api.LinkView;
import dev.syncr.api.LinkWrite;
import dev.syncr.api.MountWrite;
import dev.syncr.api.ShareList;
import dev.syncr.api.ShareRoleWrite;
import dev.syncr.api.ShareView;
import dev.syncr.api.ShareWrite;
import dev.syncr.core.FileId;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Shared folders and links, as one account manages them: share a folder of its files, list what it shares and what
 * is shared with it, change a member's role, remove a member or leave, move where a shared folder sits; make, list
 * and revoke links.
 */
public final class Sharing {

    private final SyncClient client;

    Sharing(SyncClient client) {
        this.client = client;
    }

    /** Shares {@code folder} with {@code user} as {@code role} ({@code viewer} or {@code editor}). */
    public ShareView share(FileId folder, String user, String role) {
        byte[] json = SyncClient.body(new ShareWrite(folder.value(), user, role));
        return client.call(() -> client.request("shares").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)), ShareView.class);
    }

    /** The folders this account shares and those shared with it. */
    public List<ShareView> list() {
        return client.call(() -> client.request("shares").GET(), ShareList.class).shares();
    }

    /** The folders shared with this account to read only: its devices never upload there. */
    public List<FileId> readOnlyFolders() {
        return list().stream().filter(s -> s.role().equals("viewer")).map(s -> FileId.of(s.path())).toList();
    }

    public ShareView setRole(long share, String user, String role) {
        byte[] json = SyncClient.body(new ShareRoleWrite(user, role));
        return client.call(() -> client.request("shares/" + share).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json)), ShareView.class);
    }

    /** The owner takes a member out of a shared folder; nothing on the server is deleted. */
    public void remove(long share, String user) {
        client.callEmpty(() -> client.request("shares/" + share + "?user=" + URLEncoder.encode(user,
                StandardCharsets.UTF_8)).DELETE());
    }

    /** This account leaves a folder shared with it; nothing on the server is deleted. */
    public void leave(long share) {
        client.callEmpty(() -> client.request("shares/" + share).DELETE());
    }

    /** Moves or renames where a shared folder sits in this account's files. */
    public ShareView move(long share, FileId to) {
        byte[] json = SyncClient.body(new MountWrite(to.value()));
        return client.call(() -> client.request("shares/" + share + "/mount").header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)), ShareView.class);
    }

    /**
     * A link to {@code path}: {@code view} (browse and download) or {@code upload} (a file drop). Its token and url
     * are in this answer only.
     */
    public LinkView link(FileId path, String access, Optional<String> password, Optional<Instant> expiresAt) {
        byte[] json = SyncClient.body(new LinkWrite(path.value(), access, password.orElse(null),
                expiresAt.map(Instant::toString).orElse(null)));
        return client.call(() -> client.request("links").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)), LinkView.class);
    }

    public List<LinkView> links() {
        return client.call(() -> client.request("links").GET(), LinkList.class).links();
    }

    public void revokeLink(String id) {
        client.callEmpty(() -> client.request("links/" + URLEncoder.encode(id, StandardCharsets.UTF_8)).DELETE());
    }
}
