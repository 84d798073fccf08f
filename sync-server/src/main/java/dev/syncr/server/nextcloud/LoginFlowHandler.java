package dev.syncr.server.nextcloud;

import dev.syncr.server.accounts.IssuedToken;
import dev.syncr.server.accounts.LoginFlows;
import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Nextcloud clients' sign-in through the browser (login flow v2): {@code POST /index.php/login/v2} opens a flow,
 * the browser opens its page ({@code /index.php/login/v2/flow/TOKEN}, which is our web page's "let this device in"
 * view, behind its own sign-in), and the device polls {@code /index.php/login/v2/poll} until the user has granted it;
 * it then receives a device token ("app password") named after it, listed and revocable like any other.
 */
public final class LoginFlowHandler {

    private static final long MAX_POLL_BODY = 4096;

    private final LoginFlows flows;

    public LoginFlowHandler(LoginFlows flows) {
        this.flows = flows;
    }

    /** {@code POST /index.php/login/v2}: a new flow, asked without credentials. */
    public void open(Request r) throws IOException {
        HttpCall call = r.call();
        LoginFlows.Opened opened = flows.open(deviceName(call.header("User-Agent").orElse("")))
                .orElseThrow(() -> new ApiException(503, "busy", "too many sign-ins are waiting; try again in a few "
                        + "minutes"));
        String base = base(call);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("poll", Map.of("token", opened.pollToken(), "endpoint", base + "/index.php/login/v2/poll"));
        answer.put("login", base + "/index.php/login/v2/flow/" + opened.loginToken());
        call.respondJson(200, answer);
    }

    /** {@code POST /index.php/login/v2/poll} ({@code token=…}): the device token once granted, else 404. */
    public void poll(Request r) throws IOException {
        HttpCall call = r.call();
        String body = new String(call.body(MAX_POLL_BODY).readAllBytes(), StandardCharsets.UTF_8);
        Optional<String> token = java.util.Arrays.stream(body.split("&")).filter(p -> p.startsWith("token="))
                .map(p -> decoded(p.substring(6))).findFirst().or(() -> call.query("token"));
        IssuedToken issued = token.flatMap(flows::poll).orElseThrow(() -> ApiException.notFound(
                "not granted (yet): keep polling until the user lets this device in, or the flow ends"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("server", base(call));
        answer.put("loginName", issued.details().user().value());
        answer.put("appPassword", issued.token());
        call.respondJson(200, answer);
    }

    /** {@code GET /index.php/login/v2/flow/TOKEN}: the browser goes to the web page's view of the flow. */
    public void page(Request r) throws IOException {
        HttpCall call = r.call();
        String token = r.decoded("token");
        if (!token.matches("[A-Za-z0-9_]{1,128}")) {
            throw gone(); // not a flow's secret: nothing of it goes into the answer's headers
        }
        call.responseHeaders().set("Location", "/#/grant/" + token);
        call.responseHeaders().set("Cache-Control", "no-store");
        call.respondEmpty(302);
    }

    /** {@code GET /index.php/login/v2/grant/TOKEN}: which device asks (for the signed-in user's page). */
    public void pending(Request r) throws IOException {
        LoginFlows.Pending pending = flows.pending(r.decoded("token")).orElseThrow(LoginFlowHandler::gone);
        r.call().respondJson(200, Map.of("label", pending.label(), "created_at", pending.createdAt().toString()));
    }

    /** {@code POST /index.php/login/v2/grant/TOKEN}: the signed-in user lets the device in. */
    public void grant(Request r) throws IOException {
        if (r.caller().user() == null) {
            throw ApiException.badRequest("this server runs without accounts; a device needs no sign-in");
        }
        if (!flows.grant(r.decoded("token"), r.caller().user())) {
            throw gone();
        }
        r.call().respondEmpty(204);
    }

    /** A form value; one that is not well encoded names no flow (a token is plain letters and digits anyway). */
    private static String decoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    private static ApiException gone() {
        return ApiException.notFound("no such sign-in waiting (used, or older than 20 minutes): start it again "
                + "from the app");
    }

    /** The address the device reached us at, as it should keep using it. */
    private static String base(HttpCall call) {
        return (call.https() ? "https" : "http") + "://" + call.header("Host").orElse("localhost");
    }

    /** A name for the token from the app's User-Agent, as people know the apps. */
    static String deviceName(String userAgent) {
        if (userAgent.contains("mirall") || userAgent.contains("Nextcloud desktop")) {
            String os = userAgent.contains("Windows") ? "Windows" : userAgent.contains("Macintosh") ? "macOS"
                    : userAgent.contains("Linux") ? "Linux" : null;
            return "Nextcloud desktop" + (os == null ? "" : " (" + os + ")");
        }
        if (userAgent.contains("Nextcloud-android")) {
            return "Nextcloud Android";
        }
        if (userAgent.contains("Nextcloud-iOS")) {
            return "Nextcloud iOS";
        }
        String plain = userAgent.strip();
        return plain.isEmpty() ? "Nextcloud app" : plain.length() > 60 ? plain.substring(0, 60) : plain;
    }
}
