package dev.checkoutsaga.payment.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.checkoutsaga.web.ProblemException;
import jakarta.ws.rs.core.Response;

/** Opaque position in {@code GET /payments/direct}: the last row's (created_at, id), base64url. */
record DirectCursor(Instant createdAt, UUID id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static DirectCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2) {
                return new DirectCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            }
        } catch (RuntimeException e) {
            // below
        }
        throw ProblemException.field(Response.Status.BAD_REQUEST, "cursor", "is not a cursor this API gave out");
    }
}
