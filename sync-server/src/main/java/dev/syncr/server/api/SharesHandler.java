package dev.syncr.server.api;

import static dev.syncr.server.api.ShareRefusals.answer;

import dev.syncr.api.MountWrite;
import dev.syncr.api.ShareList;
import dev.syncr.api.ShareMember;
import dev.syncr.api.ShareRoleWrite;
import dev.syncr.api.ShareView;
import dev.syncr.api.ShareWrite;
import dev.syncr.core.share.Role;
import dev.syncr.server.accounts.UserName;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.EventLog;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Json;
import dev.syncr.server.http.Request;
import dev.syncr.server.shares.Shares;
import java.io.IOException;
import java.util.Optional;

/**
 * Shared folders: {@code POST /shares}, {@code GET /shares}, {@code PATCH /shares/{id}} (a member's role),
 * {@code DELETE /shares/{id}} (the owner removes {@code ?user=}, or a member leaves) and
 * {@code POST /shares/{id}/mount} (move one's own mount). The rules are {@link Shares}'.
 */
public final class SharesHandler {

    private static final long MAX_BODY = 16 * 1024;

    private final Shares shares;

    public SharesHandler(Shares shares) {
        this.shares = shares;
    }

    public void share(Request r) throws IOException {
        ShareWrite body = Json.readBody(r.call(), MAX_BODY, ShareWrite.class,
                "POST /shares takes application/json {\"path\": \"Project\", \"with\": \"bob\", \"role\": \"editor\"}");
        Shares.View view = answer(() -> shares.share(r.caller(), Wire.fileId(body.path()), user(body.with()),
                role(body.role())));
        EventLog.info("Shared " + view.share().id() + " with " + body.with() + " as " + body.role(), "event", "shared",
                "share", view.share().id(), "role", body.role());
        r.call().respondJson(201, view(view));
    }

    public void list(Request r) throws IOException {
        r.call().respondJson(200, new ShareList(answer(() -> shares.list(r.caller())).stream()
                .map(SharesHandler::view).toList()));
    }

    public void setRole(Request r) throws IOException {
        ShareRoleWrite body = Json.readBody(r.call(), MAX_BODY, ShareRoleWrite.class,
                "PATCH /shares/{id} takes application/json {\"with\": \"bob\", \"role\": \"viewer\"}");
        r.call().respondJson(200, view(answer(() -> shares.setRole(r.caller(), id(r), user(body.with()),
                role(body.role())))));
    }

    public void remove(Request r) throws IOException {
        HttpCall call = r.call();
        Optional<UserName> member = call.query("user").map(SharesHandler::user);
        answer(() -> {
            shares.remove(r.caller(), id(r), member);
            return null;
        });
        call.respondEmpty(204);
    }

    public void mount(Request r) throws IOException {
        MountWrite body = Json.readBody(r.call(), MAX_BODY, MountWrite.class,
                "POST /shares/{id}/mount takes application/json {\"path\": \"Work/Project\"}");
        r.call().respondJson(200, view(answer(() -> shares.moveMount(r.caller(), id(r),
                Wire.fileId(body.path())))));
    }

    private static ShareView view(Shares.View v) {
        return new ShareView(v.share().id(), v.share().name(), v.share().owner(), v.path().value(),
                v.role().wireName(), v.members().stream().map(m -> new ShareMember(m.user(), m.role().wireName()))
                .toList());
    }

    private static long id(Request r) {
        try {
            long id = Long.parseLong(r.param("id"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.notFound("no share " + HttpCall.abbreviate(r.param("id")));
    }

    private static UserName user(String raw) {
        try {
            return UserName.parse(raw);
        } catch (RuntimeException e) {
            throw ApiException.notFound("no user '" + HttpCall.abbreviate(raw) + "'");
        }
    }

    private static Role role(String raw) {
        try {
            return Role.member(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
