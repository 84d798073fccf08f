package dev.syncr.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncr.api.ApiJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document ({@code /openapi.json}, served at {@code /docs}) cannot drift from the code: every
 * record of the wire model ({@code dev.syncr.api}) has a schema of its name with exactly its fields, and every error
 * code the server can send is listed, both ways. Adding a field to a request or response without documenting it fails
 * here. {@link OpenApiRoutesTest} does the same for routes and status codes against a running server.
 */
class OpenApiDocumentTest {

    private static final Pattern ERROR_CODE = Pattern.compile("ApiException\\(\\d{3},\\s*\"([a-z_]+)\"");

    private final JsonNode document = load();

    @Test
    void every_wire_record_has_a_schema_with_exactly_its_fields() {
        List<Class<? extends Record>> records = WireRecords.all();
        assertThat(records).hasSizeGreaterThan(10);
        for (Class<? extends Record> record : records) {
            assertThat(drift(record, record.getSimpleName()))
                    .as("%s against the document's schema %s", record.getName(), record.getSimpleName()).isEmpty();
        }
    }

    @Test
    void every_schema_is_a_wire_record() {
        Set<String> records = WireRecords.all().stream().map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        document.path("components").path("schemas").fieldNames().forEachRemaining(name ->
                assertThat(records).as("schema %s has no record in dev.syncr.api", name).contains(name));
    }

    /** A field planted in a record the document does not know is caught, and so is one the document lacks. */
    @Test
    void a_planted_field_is_caught() {
        record FileMetadata(String fileId, long version, String contentHash, String storageKey, long sizeBytes,
                        boolean deleted, String updatedAt, String updatedBy, String plantedField) {
        }
        record VersionInfo(String fileId, long version) {
        }
        assertThat(drift(FileMetadata.class, "FileMetadata")).containsExactly("+planted_field");
        assertThat(drift(VersionInfo.class, "VersionInfo")).contains("-client_id", "-created_at");
    }

    @Test
    void every_error_code_the_server_sends_is_documented_and_every_documented_one_is_sent() throws IOException {
        Set<String> inCode = new TreeSet<>(Set.of("bad_request", "not_found")); // ApiException.badRequest/notFound
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = ERROR_CODE.matcher(Files.readString(source));
                while (m.find()) {
                    inCode.add(m.group(1));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        document.path("components").path("schemas").path("ApiError").path("properties").path("error").path("enum")
                .forEach(code -> documented.add(code.asText()));
        assertThat(documented).isEqualTo(inCode);
    }

    /** "+field" where the record has a field the schema lacks, "-field" for the reverse; empty when they agree. */
    private Set<String> drift(Class<? extends Record> record, String schema) {
        JsonNode properties = document.path("components").path("schemas").path(schema).path("properties");
        Set<String> drift = new TreeSet<>();
        if (properties.isMissingNode()) {
            drift.add("no schema named " + schema);
            return drift;
        }
        Set<String> fields = Arrays.stream(record.getRecordComponents())
                .map(c -> ApiJson.wireName(c.getName())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        properties.fieldNames().forEachRemaining(documented::add);
        fields.stream().filter(f -> !documented.contains(f)).forEach(f -> drift.add("+" + f));
        documented.stream().filter(f -> !fields.contains(f)).forEach(f -> drift.add("-" + f));
        return drift;
    }

    private static JsonNode load() {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            return ApiJson.TOLERANT.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
