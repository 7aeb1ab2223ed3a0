package dev.checkoutsaga.idempotency;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/** The first answer to a key: replayed byte for byte (status, the headers that matter, body). */
public record StoredResponse(int status, Map<String, String> headers, String body) {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public Response toResponse(boolean replayed) {
        Response.ResponseBuilder b = Response.status(status).entity(body);
        headers.forEach(b::header);
        if (replayed) {
            b.header(REPLAYED_HEADER, "true");
        }
        return b.build();
    }
}
