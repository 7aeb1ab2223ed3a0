package dev.checkoutsaga.inventory.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.inventory.domain.InventorySaga.OrderStockFacts;
import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.steps.SagaRecord;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** Inventory's local record of one order (table {@code order_stock}); see V1__inventory.sql. */
@Entity
@Table(name = "order_stock")
public class OrderStock extends PanacheEntityBase implements SagaRecord<OrderStockStatus, OrderStockFacts> {
    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderStockStatus status;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set once, when the order's cancellation was settled. */
    @Column(name = "settled_at")
    public Instant settledAt;

    /**
     * The OrderPlaced being handled, not stored: the payment details it carries pass through to
     * StockReserved (inventory keeps none of them).
     */
    @Transient
    public OrderPlaced placement;

    public boolean settled() {
        return settledAt != null;
    }

    @Override
    public void touch(OrderStockStatus newStatus) {
        status = newStatus;
        updatedAt = Instant.now();
    }

    @Override
    public void settle() {
        settledAt = Instant.now();
    }

    @Override
    public UUID orderId() {
        return orderId;
    }

    @Override
    public OrderStockFacts facts() {
        return new OrderStockFacts(orderId, placement);
    }
}
