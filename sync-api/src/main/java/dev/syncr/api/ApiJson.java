package dev.syncr.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the records of this package go on the wire: snake_case names, nulls left out, times as UTC ISO-8601 with
 * milliseconds. Two readers: {@link #STRICT} for request bodies (unknown fields, wrong types, trailing garbage and deep
 * nesting are refused) and {@link #TOLERANT} for responses, so an older client keeps working when a newer server
 * adds a field.
 */
public final class ApiJson {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final PropertyNamingStrategies.NamingBase NAMING =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** Reads request bodies: a body holds exactly the fields of its record, each of its type. */
    public static final ObjectMapper STRICT = builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // a number or a boolean is not a string either ({"content": 5} is a mistake, not "5")
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** Writes every body, and reads responses (unknown fields are skipped). */
    public static final ObjectMapper TOLERANT = builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApiJson() {
    }

    private static JsonMapper.Builder builder() {
        // a request's nesting depth is bounded by what the API needs, not by Jackson's default of 1000
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                .build();
        return JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** A record component's name on the wire: {@code expectedVersion} → {@code expected_version}. */
    public static String wireName(String javaName) {
        return NAMING.translate(javaName);
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** The inverse of {@link #time}; {@code null} stays {@code null}. */
    public static Instant parseTime(String wire) {
        return wire == null ? null : Instant.parse(wire);
    }
}
