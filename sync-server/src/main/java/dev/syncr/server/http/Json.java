package dev.syncr.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/** The server's JSON: snake_case fields as in the seed, nulls left out, strict parsing of request bodies. */
final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // a request's nesting depth and string sizes are bounded by what the API needs, not by Jackson's defaults
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .build());
    }

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body into a JSON object, or refuses it with a 400 saying what is wrong. */
    static JsonNode readObject(InputStream in) {
        JsonNode node;
        try {
            node = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "request body could not be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiException(400, "invalid_json", "request body is empty; a JSON object is required");
        }
        if (!node.isObject()) {
            throw new ApiException(400, "invalid_json", "request body must be a JSON object");
        }
        return node;
    }
}
