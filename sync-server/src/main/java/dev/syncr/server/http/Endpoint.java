package dev.syncr.server.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One entry of the server's route table: which methods, which path (see {@link PathTemplate}), whether the caller
 * must have an account, and what answers. The {@link Router} does everything before the handler: it matches the path,
 * refuses other methods (405, naming those the path takes), authenticates the caller and scopes the service to their
 * namespace, so a handler starts with a ready {@link Request}.
 *
 * @param when a further condition on the request, for a path two routes share (the seed's multipart upload and a
 *             file named {@code upload}); usually always true
 */
public record Endpoint(Set<String> methods, String template, Access access, Handler handler,
                       Predicate<HttpCall> when) {

    /** Who may call: anyone (the page, the docs, health, login), or an authenticated caller in their namespace. */
    public enum Access { OPEN, ACCOUNT }

    /** The condition of an endpoint without one. */
    static final Predicate<HttpCall> ALWAYS = call -> true;

    @FunctionalInterface
    public interface Handler {
        void handle(Request request) throws IOException;
    }

    /** {@code methods}: one or more, space-separated ({@code "GET POST"}); GET also answers HEAD. */
    public static Endpoint open(String methods, String template, Handler handler) {
        return new Endpoint(parse(methods), template, Access.OPEN, handler, ALWAYS);
    }

    /** As {@link #open}, for a caller with an account (or anyone in the open local mode). */
    public static Endpoint account(String methods, String template, Handler handler) {
        return new Endpoint(parse(methods), template, Access.ACCOUNT, handler, ALWAYS);
    }

    /** This endpoint, answering only requests that also meet {@code condition}; others go on down the table. */
    public Endpoint when(Predicate<HttpCall> condition) {
        return new Endpoint(methods, template, access, handler, condition);
    }

    /** The path as the API document writes it: {@code /files/{file_id}/versions/{version}}. */
    public String documentedPath() {
        return new PathTemplate(template).text();
    }

    boolean allows(String method) {
        return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
    }

    private static Set<String> parse(String methods) {
        return Set.copyOf(new LinkedHashSet<>(Arrays.asList(methods.strip().split("\\s+"))));
    }
}
