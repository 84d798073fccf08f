package dev.syncr.server.api;

import dev.syncr.api.AccountInfo;
import dev.syncr.core.share.Tree;
import dev.syncr.core.SyncService;
import dev.syncr.server.accounts.Caller;
import dev.syncr.server.http.Request;
import java.io.IOException;

/** {@code GET /account}: who the caller is, what their files hold and what they may hold. */
public final class AccountHandler {

    public void get(Request r) throws IOException {
        Caller caller = r.caller();
        r.call().respondJson(200, new AccountInfo(caller.user() == null ? null : caller.user().value(),
                r.tree().usage(), caller.quotaBytes() == SyncService.NO_QUOTA ? null : caller.quotaBytes()));
    }
}
