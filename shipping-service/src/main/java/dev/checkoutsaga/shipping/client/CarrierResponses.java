package dev.checkoutsaga.shipping.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.shipping.domain.CarrierBooking;

/**
 * What a carrier answer means, as pure functions (unit-tested without Quarkus). Only a 201 with a
 * usable body and a 422 "not deliverable" are outcomes of a booking; only a 200 is an outcome of a
 * cancellation. Everything else throws {@link CarrierUnavailableException}, which makes the step
 * retry: an outage or a surprise must park the order, never fail it.
 */
public final class CarrierResponses {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CarrierResponses() {
    }

    public static CarrierBooking booking(int status, String body) {
        if (status == 201) {
            JsonNode json = parse(status, body);
            String id = text(json, "id");
            String tracking = text(json, "trackingNumber");
            if (id == null || tracking == null) {
                throw new CarrierUnavailableException("carrier booked without id or tracking number: " + abbreviate(body));
            }
            String carrier = text(json, "carrier");
            return new CarrierBooking.Booked(id, carrier == null ? "unknown" : carrier, tracking);
        }
        if (status == 422) {
            JsonNode json = parseOrNull(body);
            if (json != null && mentionsIdempotencyKey(json)) {
                // same key, different body: our bug, not the address; never record it as undeliverable
                throw new CarrierUnavailableException("carrier rejected the idempotency key: " + abbreviate(body));
            }
            String detail = json == null ? null : text(json, "detail");
            return new CarrierBooking.Undeliverable(detail == null ? "address not deliverable" : detail);
        }
        throw unexpected("booking", status, body);
    }

    /** The carrier cancelled the shipment (also when it already was cancelled); else throws. */
    public static void cancellation(int status, String body) {
        if (status != 200) {
            throw unexpected("cancellation", status, body);
        }
    }

    /** 5xx: transient (retried in-call); 429: rate limited (fails fast); anything else: the step retries. */
    private static CarrierUnavailableException unexpected(String call, int status, String body) {
        String kind = status >= 500 ? "carrier error" : status == 429 ? "carrier rate limit" : "unexpected answer";
        String message = kind + " to the " + call + ": HTTP " + status + " " + abbreviate(body);
        if (status >= 500) {
            return new CarrierTransientException(message);
        }
        if (status == 429) {
            return new CarrierRateLimitedException(message, null);
        }
        return new CarrierUnavailableException(message);
    }

    private static boolean mentionsIdempotencyKey(JsonNode problem) {
        JsonNode errors = problem.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                if ("Idempotency-Key".equalsIgnoreCase(text(e, "field"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode parse(int status, String body) {
        JsonNode json = parseOrNull(body);
        if (json == null || !json.isObject()) {
            throw new CarrierUnavailableException("carrier answered " + status + " with an unreadable body: "
                    + abbreviate(body));
        }
        return json;
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
