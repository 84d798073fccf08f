package dev.syncr.server.nextcloud;

import dev.syncr.server.http.Request;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Nextcloud desktop and mobile clients ask a server before they sync over WebDAV: {@code /status.php}
 * (is there a server, which version), the OCS capabilities (what it can do) and the signed-in user. Only what Syncr
 * does is advertised: chunked uploads (v2), SHA-256 checksums, uploaded conflict copies; no bulk upload, no file
 * locking app, no end-to-end encryption, no sharing API.
 */
public final class NextcloudHandler {

    /**
     * The Nextcloud release whose protocol Syncr speaks. Clients refuse servers older than they support, and choose
     * request shapes by version (chunking v2 needs 26 or later); this names one they know.
     */
    static final int MAJOR = 28;
    static final String VERSION = MAJOR + ".0.4";

    /** {@code GET /status.php}, asked without credentials. */
    public void status(Request r) throws IOException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("installed", true);
        status.put("maintenance", false);
        status.put("needsDbUpgrade", false);
        status.put("version", VERSION + ".1");
        status.put("versionstring", VERSION);
        status.put("edition", "");
        status.put("productname", "Syncr");
        status.put("extendedSupport", false);
        r.call().respondJson(200, status);
    }

    /** {@code GET /ocs/v1.php/cloud/capabilities} and its v2 twin. */
    public void capabilities(Request r) throws IOException {
        Map<String, Object> core = new LinkedHashMap<>();
        core.put("pollinterval", 60);
        core.put("webdav-root", "remote.php/webdav");
        core.put("reference-api", false);
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("core", core);
        capabilities.put("dav", Map.of("chunking", "1.0"));
        // our content hash is SHA-256, so a client's checksum is checked against what we compute anyway
        capabilities.put("checksums", Map.of("supportedTypes", List.of("SHA256"), "preferredUploadType", "SHA256"));
        capabilities.put("files", Map.of("bigfilechunking", true, "versioning", true, "undelete", false,
                "blacklisted_files", List.of()));
        // a client's conflicted copy goes to the server too, so every device (and /conflicts) sees it
        capabilities.put("uploadConflictFiles", true);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("major", MAJOR);
        version.put("minor", 0);
        version.put("micro", 4);
        version.put("string", VERSION);
        version.put("edition", "");
        version.put("extendedSupport", false);
        respond(r, Map.of("version", version, "capabilities", capabilities));
    }

    /** {@code GET /ocs/v1.php/cloud/user}: who signed in (the client's WebDAV paths use the id), and their quota. */
    public void user(Request r) throws IOException {
        String id = r.caller().user().value();
        long used = r.tree().usage();
        long quota = r.caller().quotaBytes();
        Map<String, Object> space = new LinkedHashMap<>();
        space.put("used", used);
        if (quota == Long.MAX_VALUE) {
            space.put("quota", -3); // Nextcloud's "unlimited"
            space.put("relative", 0);
        } else {
            space.put("free", Math.max(0, quota - used));
            space.put("total", quota);
            space.put("quota", quota);
            space.put("relative", quota == 0 ? 100 : Math.min(100.0, Math.round(used * 10000.0 / quota) / 100.0));
        }
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("display-name", id);
        user.put("displayname", id);
        user.put("email", null);
        user.put("enabled", true);
        user.put("quota", space);
        respond(r, user);
    }

    /** OCS's envelope: v1 says 100 for success, v2 says 200. */
    private static void respond(Request r, Object data) throws IOException {
        boolean v2 = r.call().rawPath().startsWith("/ocs/v2.php/");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", "ok");
        meta.put("statuscode", v2 ? 200 : 100);
        meta.put("message", "OK");
        r.call().respondJson(200, Map.of("ocs", Map.of("meta", meta, "data", data)));
    }
}
