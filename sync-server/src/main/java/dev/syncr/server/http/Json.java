package dev.syncr.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.syncr.api.ApiJson;
import dev.syncr.api.InvalidBody;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The server's JSON: the API records ({@code dev.syncr.api}) written out, and request bodies bound to them. */
public final class Json {

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return ApiJson.TOLERANT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * A request body that must be JSON: any other type is a 415 that shows the caller the expected shape
     * ({@code usage}), before a byte of the body is read.
     */
    public static <T extends Record> T readBody(HttpCall call, long maxBytes, Class<T> type, String usage) {
        if (!call.contentType().startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", usage);
        }
        return read(call.body(maxBytes), type);
    }

    /**
     * Binds a request body to its record, or refuses it with a 400 that says what is wrong: not JSON
     * ({@code invalid_json}), a field the record lacks, a value of the wrong type ({@code bad_request}), or what the
     * record itself refuses ({@link InvalidBody}: {@code missing_field}, {@code bad_request}).
     */
    public static <T extends Record> T read(InputStream in, Class<T> type) {
        try (JsonParser parser = ApiJson.STRICT.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ApiException(400, "invalid_json", "request body is empty; a JSON object is required");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ApiException(400, "invalid_json", "request body must be a JSON object");
            }
            return ApiJson.STRICT.readValue(parser, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidBody invalid) {
                throw new ApiException(400, invalid.code(), invalid.getMessage());
            }
            throw ApiException.badRequest("request body is not acceptable: " + e.getOriginalMessage());
        } catch (UnrecognizedPropertyException e) {
            List<String> allowed = e.getKnownPropertyIds().stream().map(Objects::toString).sorted().toList();
            throw ApiException.badRequest("unknown field '" + HttpCall.abbreviate(e.getPropertyName())
                    + "'; allowed: " + String.join(", ", allowed));
        } catch (InputCoercionException e) {
            throw ApiException.badRequest("a number in the request body is out of range");
        } catch (StreamReadException e) {
            throw new ApiException(400, "invalid_json", "request body is not valid JSON: " + e.getOriginalMessage());
        } catch (JsonMappingException e) {
            throw ApiException.badRequest(field(e) + " must be "
                    + expected(e.getPath().isEmpty() ? null : e.getPath().getLast(), type));
        } catch (JsonProcessingException e) {
            // e.g. nesting deeper than the API ever needs
            throw new ApiException(400, "invalid_json", "request body is not acceptable JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "request body could not be read: " + e.getMessage());
        }
    }

    private static String field(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
        return path.isEmpty() ? "request body" : path;
    }

    /** What the record's field wants, in the API's words rather than Java's. */
    private static String expected(JsonMappingException.Reference at,
                                   Class<? extends Record> type) {
        if (at == null || at.getFieldName() == null) {
            return "of another type";
        }
        for (var component : type.getRecordComponents()) {
            if (ApiJson.wireName(component.getName()).equals(at.getFieldName())) {
                Class<?> t = component.getType();
                if (t == Long.class || t == long.class || t == Integer.class || t == int.class) {
                    return "a whole number, 0 or more";
                }
                if (t == String.class) {
                    return "a string";
                }
                if (t == Boolean.class || t == boolean.class) {
                    return "true or false";
                }
            }
        }
        return "of another type";
    }
}
