package dev.syncr.server;

import dev.syncr.server.accounts.Accounts;
import dev.syncr.server.accounts.LoginFlows;
import dev.syncr.server.api.AccountHandler;
import dev.syncr.server.api.BatchHandler;
import dev.syncr.server.api.ChangeSignal;
import dev.syncr.server.api.ChangesHandler;
import dev.syncr.server.api.ChunksHandler;
import dev.syncr.server.api.ConflictsHandler;
import dev.syncr.server.api.DownloadBatchHandler;
import dev.syncr.server.api.DownloadHandler;
import dev.syncr.server.api.FilesHandler;
import dev.syncr.server.api.LinksHandler;
import dev.syncr.server.api.LongPollLimit;
import dev.syncr.server.api.SharesHandler;
import dev.syncr.server.api.UploadHandler;
import dev.syncr.server.auth.AuthHandler;
import dev.syncr.server.auth.Authenticator;
import dev.syncr.server.dav.ChunkedUploads;
import dev.syncr.server.dav.DavHandler;
import dev.syncr.server.nextcloud.LoginFlowHandler;
import dev.syncr.server.nextcloud.NextcloudHandler;
import dev.syncr.server.http.Endpoint;
import dev.syncr.server.ops.HealthHandler;
import dev.syncr.server.shares.Links;
import dev.syncr.server.shares.Shares;
import dev.syncr.server.ops.VersionHandler;
import dev.syncr.server.web.DocsHandler;
import dev.syncr.server.web.WebPage;
import java.util.List;

import static dev.syncr.server.http.Endpoint.account;
import static dev.syncr.server.http.Endpoint.open;

/**
 * Every endpoint the server answers, in the order the router reads them: a more specific path before a more general
 * one ({@code /files/{file_id}/metadata} before {@code /files/{file_id}}). Adding an endpoint is a line here and a
 * handler; {@code openapi.json} documents each (a test holds the two together).
 */
final class Endpoints {

    /** A version number: digits only, so a file named {@code notes/versions/v2.txt} is a file, not a version. */
    private static final String VERSION = "{version:[0-9]{1,18}}";

    private final ChangesHandler changes;
    private final List<Endpoint> table;

    /** Where WebDAV clients find the caller's files: ours, and the paths tools expect of a Nextcloud. */
    private static final List<String> DAV_ROOTS = List.of("/dav/files/{user}", "/remote.php/dav/files/{user}",
            "/remote.php/webdav");

    Endpoints(Accounts accounts, Authenticator authenticator, HealthHandler health, LongPollLimit longPolls,
              Shares shares, Links links, Dav dav, LoginFlows loginFlows) {
        SharesHandler sharing = new SharesHandler(shares);
        LinksHandler linking = new LinksHandler(links);
        ChangeSignal signal = new ChangeSignal();
        this.changes = new ChangesHandler(signal, longPolls);
        DavHandler webdav = dav.handler(signal);
        FilesHandler files = new FilesHandler(signal);
        DownloadHandler download = new DownloadHandler();
        ChunksHandler chunks = new ChunksHandler();
        ConflictsHandler conflicts = new ConflictsHandler(signal);
        AuthHandler auth = new AuthHandler(accounts, authenticator);
        DocsHandler docs = new DocsHandler();
        WebPage page = new WebPage();
        List<Endpoint> table = new java.util.ArrayList<>(List.of(
                // the seed's multipart upload; any other request to /files/upload is about a file named "upload"
                account("POST", "/files/upload", new UploadHandler(signal)::handle).when(UploadHandler::isUpload),
                account("GET", "/files/", files::list),
                account("GET", "/files/{file_id+}/versions/" + VERSION + "/download", download::version),
                account("GET", "/files/{file_id+}/versions/" + VERSION, files::version),
                account("GET", "/files/{file_id+}/versions", files::versions),
                account("GET", "/files/{file_id+}/metadata", files::metadata),
                account("GET", "/files/{file_id+}/download", download::head),
                account("POST", "/files/{file_id+}/restore", files::restore),
                account("POST", "/files/{file_id+}/move", files::move),
                account("GET", "/files/{file_id+}/manifest", files::manifest),
                account("POST", "/files/{file_id+}/manifest", files::commitManifest),
                account("GET", "/files/{file_id+}", files::read),
                account("POST PUT", "/files/{file_id+}", files::write),
                account("DELETE", "/files/{file_id+}", files::delete),
                account("POST", "/batch", new BatchHandler(signal)::handle),
                account("POST", "/batch/download", new DownloadBatchHandler()::handle),
                account("POST", "/chunks/missing", chunks::missing),
                account("GET", "/chunks/{hash}", chunks::get),
                account("PUT", "/chunks/{hash}", chunks::put),
                account("GET", "/changes/latest", changes::latest),
                account("GET", "/changes/longpoll", changes::longPoll),
                account("GET", "/changes", changes::list),
                account("GET", "/conflicts", conflicts::list),
                account("GET", "/conflicts/{id}", conflicts::get),
                account("POST", "/conflicts/{id}/resolve", conflicts::resolve),
                account("GET", "/account", new AccountHandler()::get),
                account("POST", "/shares", sharing::share),
                account("GET", "/shares", sharing::list),
                account("POST", "/shares/{id}/mount", sharing::mount),
                account("PATCH", "/shares/{id}", sharing::setRole),
                account("DELETE", "/shares/{id}", sharing::remove),
                account("POST", "/links", linking::create),
                account("GET", "/links", linking::list),
                account("DELETE", "/links/{id}", linking::revoke),
                // a link's visitors have no account: the link's token is what lets them in, to its path only
                open("GET", "/s/{token}/zip", linking::zip),
                open("GET", "/s/{token}/files/{file_id+}", linking::file),
                open("POST", "/s/{token}/files/{file_id+}", linking::drop),
                open("GET", "/s/{token}", page::link).when(WebPage::wantsPage),
                open("GET", "/s/{token}", linking::visit),
                open("POST", "/auth/login", auth::login),
                account("POST", "/auth/logout", auth::logout),
                open("GET", "/auth/session", auth::session),
                open("POST", "/auth/session", auth::signIn),
                open("DELETE", "/auth/session", auth::signOut),
                open("GET", "/healthz", health::alive),
                open("GET", "/readyz", health::ready),
                open("GET", "/metrics", health::metrics),
                open("GET", "/version", new VersionHandler()::get),
                open("GET", "/openapi.json", docs::document),
                open("GET", "/docs", docs::page),
                open("GET", "/docs/{asset}", docs::asset),
                open("GET", "/ui/{asset}", page::asset),
                open("GET", "/", page::root)));
        // what the Nextcloud clients ask before they sync over WebDAV
        NextcloudHandler nextcloud = new NextcloudHandler();
        table.add(open("GET", "/status.php", nextcloud::status));
        for (String ocs : List.of("/ocs/v1.php", "/ocs/v2.php")) {
            table.add(account("GET", ocs + "/cloud/capabilities", nextcloud::capabilities));
            table.add(account("GET", ocs + "/cloud/user", nextcloud::user));
        }
        // their sign-in through the browser: the device asks, a signed-in user grants on the web page
        LoginFlowHandler login = new LoginFlowHandler(loginFlows);
        table.addAll(List.of(
                open("POST", "/index.php/login/v2", login::open),
                open("POST", "/index.php/login/v2/poll", login::poll),
                open("GET", "/index.php/login/v2/flow/{token}", login::page),
                account("GET", "/index.php/login/v2/grant/{token}", login::pending),
                account("POST", "/index.php/login/v2/grant/{token}", login::grant)));
        for (String root : DAV_ROOTS) {
            for (String template : List.of(root + "/{file_id+}", root)) {
                table.addAll(List.of(
                        open("OPTIONS", template, webdav::options), // a client asks before it has credentials
                        account("PROPFIND", template, webdav::propfind),
                        account("PROPPATCH", template, webdav::proppatch),
                        account("GET", template, webdav::get),
                        account("PUT", template, webdav::put),
                        account("DELETE", template, webdav::delete),
                        account("MKCOL", template, webdav::mkcol),
                        account("MOVE", template, webdav::move),
                        account("COPY", template, webdav::copy),
                        account("LOCK", template, webdav::lock),
                        account("UNLOCK", template, webdav::unlock)));
            }
        }
        // the Nextcloud clients' uploads in parts; each ends as a write to the user's files above
        ChunkedUploads chunked = webdav.uploads();
        String transfer = "/remote.php/dav/uploads/{user}/{transfer}";
        table.addAll(List.of(
                open("OPTIONS", transfer, webdav::options),
                account("MKCOL", transfer, chunked::mkcol),
                account("PROPFIND", transfer, chunked::propfind),
                account("DELETE", transfer, chunked::delete),
                account("PUT", transfer + "/{part}", chunked::put),
                account("MOVE", transfer + "/{part}", chunked::move)));
        this.table = List.copyOf(table);
    }

    /** What the WebDAV handler is made of, beside the change signal the table owns. */
    @FunctionalInterface
    interface Dav {
        DavHandler handler(ChangeSignal signal);
    }

    List<Endpoint> table() {
        return table;
    }

    /** The change feed's handler, which the server tells when it stops (open long-polls then answer at once). */
    ChangesHandler changes() {
        return changes;
    }
}
