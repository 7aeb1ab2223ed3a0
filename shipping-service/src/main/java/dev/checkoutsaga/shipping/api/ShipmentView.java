package dev.checkoutsaga.shipping.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.persistence.ShipmentRecord;

/**
 * A shipment as {@code GET /shipments} shows it. {@code live} is true while the shipment is booked
 * at the carrier and not cancelled there (status SCHEDULED or CANCEL_PENDING): the audit compares
 * it with the carrier's ledger. The delivery address is not shown.
 */
public record ShipmentView(UUID id, UUID orderId, @Schema(type = SchemaType.STRING, implementation = ShipmentStatus.class) String status, @Schema(nullable = true) String carrier,
        @Schema(nullable = true) String carrierShipmentId, @Schema(nullable = true) String trackingNumber, boolean live,
        @Schema(nullable = true) String failureReason, boolean cancelRequested, boolean settled,
        Instant createdAt, Instant updatedAt) {

    public static ShipmentView of(ShipmentRecord s) {
        return new ShipmentView(s.shipmentId, s.orderId, s.status.name(), s.carrier, s.carrierShipmentId,
                s.trackingNumber, s.status.live(), s.failureReason, s.cancelRequested, s.settled(), s.createdAt,
                s.updatedAt);
    }
}
