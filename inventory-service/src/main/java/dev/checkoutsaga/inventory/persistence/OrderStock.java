package dev.checkoutsaga.inventory.persistence;

import java.time.Instant;
import java.util.UUID;

import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Inventory's local record of one order (table {@code order_stock}); see V1__inventory.sql. */
@Entity
@Table(name = "order_stock")
public class OrderStock extends PanacheEntityBase {
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

    public boolean settled() {
        return settledAt != null;
    }
}
