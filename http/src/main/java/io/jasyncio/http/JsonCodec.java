package io.jasyncio.http;

import java.lang.reflect.Type;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns Java values (records, lists, maps, strings, numbers) into JSON bytes and back. The server uses it for
 * typed request and response bodies, the client for {@code resp.json(Type)}.
 *
 * <p>The default, {@link #jackson()}, is Jackson 3's {@code JsonMapper}: its buffer recycling is not tied to a
 * thread, which matters when every task is a virtual thread. Supply another implementation to use another
 * library.
 *
 * <p>Implementations are thread-safe and never suspend: encoding and decoding are CPU work on the calling task.
 */
public interface JsonCodec {

    /**
     * Serializes {@code value} to UTF-8 JSON.
     *
     * @throws IllegalArgumentException if the value cannot be serialized (the message names its type)
     */
    byte[] encode(Object value);

    /**
     * Reads UTF-8 JSON into a value of {@code type} (a {@code Class}, or a generic type such as
     * {@code List<User>} from a type token).
     *
     * @throws IllegalArgumentException if the bytes are not valid JSON for that type (the message says where)
     */
    <T> T decode(byte[] json, Type type);

    /** The default codec: one shared Jackson 3 {@code JsonMapper} with its default settings. */
    static JsonCodec jackson() {
        return Jackson.DEFAULT;
    }

    /** Jackson 3 behind {@link JsonCodec}. */
    final class Jackson implements JsonCodec {
        static final Jackson DEFAULT = new Jackson(JsonMapper.builder().build());
        private final JsonMapper mapper;

        /** A codec over a mapper you configured (modules, naming strategy, features). */
        public Jackson(JsonMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        public byte[] encode(Object value) {
            try {
                return mapper.writeValueAsBytes(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cannot encode " + (value == null ? "null" : value.getClass().getName())
                        + " as JSON: " + e.getMessage(), e);
            }
        }

        @Override
        public <T> T decode(byte[] json, Type type) {
            JavaType javaType = mapper.getTypeFactory().constructType(type);
            try {
                return mapper.readValue(json, javaType);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid JSON for " + type.getTypeName() + ": " + e.getMessage(), e);
            }
        }
    }
}
