package dev.checkoutsaga.sandbox.carrier;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A shipment as the carrier shows it: {@code booked} or {@code cancelled} (then with {@code cancelledAt}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Shipment(String id, String object, String status, String carrier, String trackingNumber, UUID orderId,
        Instant created, Instant cancelledAt) {

    public static final String BOOKED = "booked";
    public static final String CANCELLED = "cancelled";
    public static final String CARRIER = "SandboxPost";

    public static Shipment booked(String id, String trackingNumber, UUID orderId, Instant created) {
        return new Shipment(id, "shipment", BOOKED, CARRIER, trackingNumber, orderId, created, null);
    }

    @JsonIgnore
    public boolean isBooked() {
        return BOOKED.equals(status);
    }

    /** This shipment cancelled at {@code at}; itself if already cancelled. */
    public Shipment cancelled(Instant at) {
        return isBooked() ? new Shipment(id, object, CANCELLED, carrier, trackingNumber, orderId, created, at) : this;
    }
}
