package dev.checkoutsaga.events;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON encoding of event payloads. Unknown fields are ignored so that producers can add fields. */
public final class EventCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    public static String toJson(SagaEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SagaEvent fromJson(EventType type, byte[] json) {
        try {
            return MAPPER.readValue(json, type.payloadClass());
        } catch (IOException e) {
            throw new MalformedEventException("cannot read " + type.ceType() + " payload: " + e.getMessage(), e);
        }
    }

    /** A record that cannot be decoded; retrying it will never help. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
