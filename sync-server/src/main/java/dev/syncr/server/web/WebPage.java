package dev.syncr.server.web;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web page: plain HTML, CSS and JavaScript modules from the jar (no build step, nothing from another origin),
 * served at {@code /} to browsers and under {@code /ui/}. Every answer forbids anything but this origin's own
 * scripts, styles and images, so a file name that looks like markup can only ever be text.
 */
public final class WebPage {

    private static final String ROOT = "/dev/syncr/server/web/";
    /** Types by extension; a name is a plain file name of the page's folder, nothing else is reachable. */
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private static final java.util.regex.Pattern ASSET = java.util.regex.Pattern.compile("[a-z0-9-]+\\.(js|css|svg)");
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Whether a request comes from a browser (which asks for HTML) rather than a tool (which gets JSON or bytes). */
    public static boolean wantsPage(HttpCall call) {
        return call.header("Accept").map(accept -> accept.contains("text/html")).orElse(false);
    }

    /**
     * {@code GET /s/{token}} in a browser: the link's page, which asks the link itself what it is (a file, a folder,
     * a file drop) and needs no account. Served whatever the token, so a page reveals nothing about which exist.
     */
    public void link(Request r) throws IOException {
        serve(r.call(), "link.html", "text/html; charset=utf-8", "no-cache");
    }

    /** {@code GET /}: the page for a browser (which asks for HTML); for a tool, where to go next. */
    public void root(Request r) throws IOException {
        HttpCall call = r.call();
        if (wantsPage(call)) {
            serve(call, "index.html", "text/html; charset=utf-8", "no-cache");
        } else {
            call.respondJson(200, Map.of("name", "syncr", "docs", "/docs", "files", "/files/", "page", "/"));
        }
    }

    /** {@code GET /ui/{asset}}: the page's scripts, styles and images. */
    public void asset(Request r) throws IOException {
        HttpCall call = r.call();
        String name = r.param("asset");
        java.util.regex.Matcher matcher = ASSET.matcher(name);
        if (!matcher.matches()) {
            throw ApiException.notFound("no such page asset: " + HttpCall.abbreviate(name));
        }
        String type = TYPES.get(matcher.group(1));
        // revalidated on every load: a server upgrade must never leave a browser on last version's script
        serve(call, name, type, "no-cache");
    }

    private void serve(HttpCall call, String name, String type, String cacheControl) throws IOException {
        byte[] bytes = cache.computeIfAbsent(name, WebPage::load); // a name it lacks is not cached: null
        if (bytes == null) {
            throw ApiException.notFound("no such page asset: " + HttpCall.abbreviate(name));
        }
        call.responseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        call.responseHeaders().set("Cache-Control", cacheControl);
        call.respond(200, bytes, type);
    }

    private static byte[] load(String name) {
        try (InputStream in = WebPage.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
