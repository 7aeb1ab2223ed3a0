package dev.checkoutsaga.shipping.domain;

/**
 * The carrier's business answer to a booking. Anything else (timeout, connection refused, 5xx,
 * 429, ...) is not an answer: the step fails and is retried, never turned into a failure.
 */
public sealed interface CarrierBooking {

    /** 201: the shipment is booked. */
    record Booked(String carrierShipmentId, String carrier, String trackingNumber) implements CarrierBooking {
    }

    /** 422: the carrier cannot deliver to this address. */
    record Undeliverable(String reason) implements CarrierBooking {
    }
}
