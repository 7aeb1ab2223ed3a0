package dev.checkoutsaga.shipping.api;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.shipping.persistence.ShipmentRecord;

/**
 * A shipment as {@code GET /shipments} shows it. {@code live} is true while the shipment is booked
 * at the carrier and not cancelled there (status SCHEDULED or CANCEL_PENDING): the audit compares
 * it with the carrier's ledger. The delivery address is not shown.
 */
public record ShipmentView(UUID id, UUID orderId, String status, String carrier, String carrierShipmentId,
        String trackingNumber, boolean live, String failureReason, boolean cancelRequested, boolean settled,
        Instant createdAt, Instant updatedAt) {

    public static ShipmentView of(ShipmentRecord s) {
        return new ShipmentView(s.shipmentId, s.orderId, s.status.name(), s.carrier, s.carrierShipmentId,
                s.trackingNumber, s.status.live(), s.failureReason, s.cancelRequested, s.settled(), s.createdAt,
                s.updatedAt);
    }
}
