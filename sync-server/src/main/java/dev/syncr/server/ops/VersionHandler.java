package dev.syncr.server.ops;

import dev.syncr.server.http.Request;
import java.io.IOException;
import java.util.Map;

/** {@code GET /version}: which Syncr answers, so a client can tell its user what it talks to. */
public final class VersionHandler {

    /** The build's version from the jar's manifest; "development" when run from compiled classes. */
    static final String VERSION = java.util.Objects.requireNonNullElse(
            VersionHandler.class.getPackage().getImplementationVersion(), "development");

    public void get(Request r) throws IOException {
        r.call().respondJson(200, Map.of("name", "syncr", "version", VERSION));
    }
}
