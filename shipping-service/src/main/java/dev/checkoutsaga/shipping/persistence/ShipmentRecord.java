package dev.checkoutsaga.shipping.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.CarrierBooking;
import dev.checkoutsaga.shipping.domain.ShippingSaga.ShipmentFacts;
import dev.checkoutsaga.steps.SagaRecord;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Shipping's record of one order and its shipment (table {@code shipment}); see V1__shipping.sql. */
@Entity
@Table(name = "shipment")
public class ShipmentRecord extends PanacheEntityBase implements SagaRecord<ShipmentStatus, ShipmentFacts> {
    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "shipment_id", nullable = false, updatable = false)
    public UUID shipmentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ShipmentStatus status;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "ship_name")
    public String shipName;
    @Column(name = "ship_line1")
    public String shipLine1;
    @Column(name = "ship_line2")
    public String shipLine2;
    @Column(name = "ship_city")
    public String shipCity;
    @Column(name = "ship_postal_code")
    public String shipPostalCode;
    @Column(name = "ship_country")
    public String shipCountry;

    public String carrier;
    @Column(name = "carrier_shipment_id")
    public String carrierShipmentId;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @Column(name = "failure_reason")
    public String failureReason;
    /** The order's deadline (PaymentCaptured); null when unknown. */
    @Column
    public java.time.Instant deadline;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set once, when the order's cancellation was settled. */
    @Column(name = "settled_at")
    public Instant settledAt;

    public boolean settled() {
        return settledAt != null;
    }

    @Override
    public UUID orderId() {
        return orderId;
    }

    @Override
    public void touch(ShipmentStatus newStatus) {
        status = newStatus;
        updatedAt = Instant.now();
    }

    @Override
    public void settle() {
        settledAt = Instant.now();
        updatedAt = settledAt;
    }

    @Override
    public ShipmentFacts facts() {
        return new ShipmentFacts(orderId, shipmentId, trackingNumber);
    }

    /** What the carrier answered a booking: its shipment, or why it cannot deliver. */
    public void recordBooking(CarrierBooking outcome) {
        switch (outcome) {
            case CarrierBooking.Booked b -> {
                carrier = b.carrier();
                carrierShipmentId = b.carrierShipmentId();
                trackingNumber = b.trackingNumber();
            }
            case CarrierBooking.Undeliverable u -> failureReason = u.reason() != null && u.reason().length() > 500
                    ? u.reason().substring(0, 500) : u.reason();
        }
    }

    public ShippingAddress address() {
        return new ShippingAddress(shipName, shipLine1, shipLine2, shipCity, shipPostalCode, shipCountry);
    }

    public void address(ShippingAddress a) {
        shipName = a.name();
        shipLine1 = a.line1();
        shipLine2 = a.line2();
        shipCity = a.city();
        shipPostalCode = a.postalCode();
        shipCountry = a.country();
    }
}
