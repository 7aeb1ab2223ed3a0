package dev.checkoutsaga.order.service;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.idempotency.StoredResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

/**
 * The 202 of an accepted order, in the form the Idempotency-Key store keeps and replays. One
 * definition for the three places that give or store it: the API, the API while the database is
 * down, and the writer of a deferred order (which stores the answer the client was given).
 */
public final class AcceptedAnswer {
    /** {@code inventory}, or {@code cache} when inventory could not answer and cached prices were used. */
    public static final String PRICE_SOURCE_HEADER = "X-Price-Source";
    /** {@code deferred} when the order was accepted while the order database was down (written when it is back). */
    public static final String WRITE_HEADER = "X-Order-Write";

    private AcceptedAnswer() {
    }

    public static StoredResponse of(ObjectMapper json, OrderView view, boolean pricesFromCache, boolean deferred) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", "/orders/" + view.id());
        headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        // inventory could not answer: the last prices it gave were used
        headers.put(PRICE_SOURCE_HEADER, pricesFromCache ? "cache" : "inventory");
        if (deferred) {
            headers.put(WRITE_HEADER, "deferred");
        }
        try {
            return new StoredResponse(Status.ACCEPTED.getStatusCode(), headers, json.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
