package dev.checkoutsaga.order.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.checkoutsaga.web.ProblemException;
import jakarta.ws.rs.core.Response;

/**
 * The position after the last order of a page: (createdAt, id), base64url-encoded. Opaque to clients,
 * so its format may change; a cursor that does not decode is a 400 naming {@code cursor}.
 */
public record PageCursor(Instant createdAt, UUID id) {

    String encode() {
        String raw = createdAt.toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            return new PageCursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.field(Response.Status.BAD_REQUEST, "cursor", "is not a cursor returned by this API");
        }
    }
}
