package dev.syncr.server.auth;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import java.net.URI;
import java.util.Locale;

/**
 * A server without accounts answers anyone who can reach it, and a browser can be made to reach it by any web
 * page its user visits. Two rules keep such pages out, as Syncthing's GUI does without a password: a request must
 * be addressed to an IP address or {@code localhost} (a page's own host name pointed at 127.0.0.1 — DNS rebinding —
 * is refused), and a change a browser sends from a page of another origin is refused. Tools (curl, the Java client)
 * send no {@code Origin} and use the address they were given, so they never notice.
 */
final class OpenModeGuard {


    private OpenModeGuard() {
    }

    static void check(HttpCall call) {
        String host = call.header("Host").orElse("");
        if (!host.isEmpty() && !addressOrLocalhost(hostName(host))) {
            throw new ApiException(403, "forbidden_host", "this server has no accounts, so it only answers requests "
                    + "addressed to its IP address or localhost; add a user (user add) to reach it by a host name");
        }
        refuseCrossSite(call);
    }

    /**
     * Refuses a change a browser sends from a page of another site: one it marks {@code Sec-Fetch-Site: cross-site}
     * (or same-site: another subdomain), or whose {@code Origin} is not this server's. For requests whose credentials
     * a browser adds by itself (none in the open mode, cached HTTP Basic): a page elsewhere could otherwise act with
     * them. Tools send neither header, so they never notice.
     */
    static void refuseCrossSite(HttpCall call) {
        if (call.readOnly()) {
            return;
        }
        String host = call.header("Host").orElse("");
        boolean crossSite = call.header("Sec-Fetch-Site").map(site -> site.equals("cross-site")
                || site.equals("same-site")).orElse(false);
        boolean otherOrigin = call.header("Origin").map(origin -> !sameOrigin(origin, host)).orElse(false);
        if (crossSite || otherOrigin) {
            throw new ApiException(403, "cross_origin", "a change sent by a page of another site is refused; "
                    + "nothing was changed");
        }
    }

    private static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    /** A literal address cannot be rebound; localhost resolves to this machine by definition (RFC 6761). */
    private static boolean addressOrLocalhost(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("localhost") || n.endsWith(".localhost") || n.startsWith("[")) {
            return true;
        }
        return n.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean sameOrigin(String origin, String hostHeader) {
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            if (authority == null) {
                return false; // "null": a sandboxed frame or a file:// page
            }
            String defaultPort = "https".equals(uri.getScheme()) ? ":443" : ":80";
            return authority.equalsIgnoreCase(hostHeader) || (authority + defaultPort).equalsIgnoreCase(hostHeader)
                    || authority.equalsIgnoreCase(hostHeader + defaultPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
