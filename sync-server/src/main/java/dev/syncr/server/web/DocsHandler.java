package dev.syncr.server.web;

import dev.syncr.server.http.ApiException;
import dev.syncr.server.http.HttpCall;
import dev.syncr.server.http.Request;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code /docs}: Swagger UI (from its webjar) over {@code /openapi.json}, as the seed's FastAPI offered. */
public final class DocsHandler {

    private static final String SWAGGER = "/META-INF/resources/webjars/swagger-ui/5.34.1/";
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css",
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui-standalone-preset.js", "text/javascript",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Syncr API</title>
              <link rel="stylesheet" href="/docs/swagger-ui.css">
              <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/docs/swagger-ui-bundle.js"></script>
              <script>
                window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
              </script>
            </body>
            </html>
            """;

    /** {@code GET /openapi.json}: the API's document. */
    public void document(Request r) throws IOException {
        r.call().respond(200, resource("/openapi.json"), "application/json");
    }

    /** {@code GET /docs}: Swagger UI's page. */
    public void page(Request r) throws IOException {
        r.call().respond(200, PAGE.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    /** {@code GET /docs/{asset}}: Swagger UI's scripts, styles and icons. */
    public void asset(Request r) throws IOException {
        HttpCall call = r.call();
        String asset = r.param("asset");
        String type = ASSETS.get(asset);
        if (type == null) {
            throw ApiException.notFound("no such documentation asset: " + HttpCall.abbreviate(asset));
        }
        call.responseHeaders().set("Cache-Control", "public, max-age=86400");
        call.respond(200, resource(SWAGGER + asset), type);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DocsHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
