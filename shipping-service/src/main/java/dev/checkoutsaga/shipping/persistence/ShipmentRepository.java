package dev.checkoutsaga.shipping.persistence;

import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.shipping.domain.ShipmentStatus;
import dev.checkoutsaga.shipping.domain.ShippingSaga;
import dev.checkoutsaga.steps.OrderLocks;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The record locking of the saga handlers and steps, and the reads of the API. */
@ApplicationScoped
public class ShipmentRepository {

    private static final String INSERT_IF_ABSENT = "insert into shipment (order_id, shipment_id, status) "
            + "values (?1, ?2, ?3) on conflict do nothing";

    /**
     * Locks the order's record ({@code SELECT ... FOR UPDATE}), creating it (status NEW) if shipping
     * has not seen the order. Insert-if-absent first, so that two first events of one order cannot
     * both miss the row: the second waits on the first one's lock. Must run in a transaction.
     */
    public Uni<ShipmentRecord> lockOrder(UUID orderId) {
        return OrderLocks.lockOrCreate(ShipmentRecord.class, orderId, INSERT_IF_ABSENT, orderId,
                ShippingSaga.shipmentIdFor(orderId), ShipmentStatus.NEW.name());
    }

    /** Locks the record of an order that must exist (steps); null if it does not. Must run in a transaction. */
    public Uni<ShipmentRecord> lockExisting(UUID orderId) {
        return OrderLocks.lockExisting(ShipmentRecord.class, orderId);
    }

    /** A shipment by its id; NEW records (nothing decided) are not shipments. */
    public Uni<ShipmentRecord> findByShipmentId(UUID shipmentId) {
        return ShipmentRecord.<ShipmentRecord>find("shipmentId = ?1 and status <> ?2", shipmentId, ShipmentStatus.NEW)
                .firstResult();
    }

    public Uni<List<ShipmentRecord>> findByOrderId(UUID orderId) {
        return ShipmentRecord.<ShipmentRecord>find("orderId = ?1 and status <> ?2 order by createdAt", orderId,
                ShipmentStatus.NEW).list();
    }

    /** Records with a decision (not NEW), by order id, strictly after {@code afterOrderId} (null: from the start). */
    public Uni<List<ShipmentRecord>> page(UUID afterOrderId, int max) {
        if (afterOrderId == null) {
            return ShipmentRecord.<ShipmentRecord>find("status <> ?1 order by orderId", ShipmentStatus.NEW).page(0, max).list();
        }
        return ShipmentRecord.<ShipmentRecord>find("status <> ?1 and orderId > ?2 order by orderId", ShipmentStatus.NEW,
                afterOrderId).page(0, max).list();
    }
}
