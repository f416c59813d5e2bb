package dev.gatehouse.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.InvalidInputException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * JSON in and out of HTTP exchanges, strictly: request bodies must be {@code application/json},
 * well-formed, without unknown or duplicate members, with values of the right type. Every way a
 * body can be wrong becomes an {@link InvalidInputException} with its own code, never a 500.
 */
public final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .addModule(new JavaTimeModule())
            .build();

    static {
        // "username": 5 must be refused, not read as "5".
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    private Json() {
    }

    /** Reads the request body as {@code type}. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        return parse(Bodies.read(req, "application/json"), type);
    }

    /** Reads a request body's bytes as {@code type}: what {@link #read} does once the media type is right. */
    static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new InvalidInputException(ErrorCode.MISSING_BODY, "a JSON object is required");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) { // the body is the JSON literal null
                throw new InvalidInputException(ErrorCode.INVALID_FIELD, "the body must be a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_FIELD, "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .collect(Collectors.joining("."));
            throw new InvalidInputException(ErrorCode.INVALID_FIELD, path.isEmpty()
                    ? "the body must be a JSON object"
                    : "field '" + path + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(ErrorCode.MALFORMED_JSON, "the body is not well-formed JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (CharConversionException e) {
            // the parser took leading zero bytes for UTF-32 and met a character that is none
            throw new InvalidInputException(ErrorCode.MALFORMED_JSON, "the body is not well-formed JSON (not UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with {@code missing_field} when a required value is absent. */
    public static <T> T required(T value, String field) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw new InvalidInputException(ErrorCode.MISSING_FIELD, "field '" + field + "' is required");
        }
        return value;
    }

    /** Sends {@code body} as JSON with the given status. */
    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes(body));
    }

    public static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable: " + body.getClass().getName(), e);
        }
    }
}
