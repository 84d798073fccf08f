package dev.syncr.server.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table, read top to bottom: the first template that matches the path (and whose condition holds) owns it,
 * so more specific templates come first ({@code /files/{file_id+}/metadata} before {@code /files/{file_id+}}); among
 * that template's endpoints the method decides, and a method none of them takes is a 405 naming those they do.
 */
final class Routes {

    /** An endpoint chosen for a request, with the path's placeholders. */
    record Match(Endpoint endpoint, String template, Map<String, String> params) {
    }

    private record Route(PathTemplate template, List<Endpoint> endpoints) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Set<String> methods = new TreeSet<>();

    Routes(List<Endpoint> endpoints) {
        for (Endpoint endpoint : endpoints) {
            Route last = routes.isEmpty() ? null : routes.getLast();
            if (last != null && last.template().toString().equals(new PathTemplate(endpoint.template()).toString())
                    && last.endpoints().getFirst().when() == endpoint.when()) {
                last.endpoints().add(endpoint);
            } else {
                routes.add(new Route(new PathTemplate(endpoint.template()), new ArrayList<>(List.of(endpoint))));
            }
            methods.addAll(endpoint.methods());
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
    }

    Match find(HttpCall call) {
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.template().match(call.rawPath());
            if (params.isEmpty() || !route.endpoints().getFirst().when().test(call)) {
                continue;
            }
            for (Endpoint endpoint : route.endpoints()) {
                if (endpoint.allows(call.method())) {
                    return new Match(endpoint, route.template().text(), params.get());
                }
            }
            Set<String> allowed = new LinkedHashSet<>();
            route.endpoints().forEach(e -> allowed.addAll(e.methods()));
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            String allow = String.join(", ", allowed);
            call.responseHeaders().set("Allow", allow);
            throw ApiException.methodNotAllowed(allow);
        }
        throw ApiException.notFound("no such endpoint: " + HttpCall.abbreviate(call.rawPath()) + " (see /docs)");
    }

    /** A method as metrics name it: one the table takes, else {@code other} (a stranger's invention adds no series). */
    String methodLabel(String method) {
        return methods.contains(method) ? method : "other";
    }
}
