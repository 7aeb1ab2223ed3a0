package dev.checkoutsaga.inventory.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.inventory.persistence.OrderStock;

/**
 * Inventory's record of one order as {@code GET /order-stock} shows it: what the order holds
 * (RESERVED), took (SOLD) or held (RELEASED). The audit matches it with order-service's order.
 */
public record OrderStockView(UUID orderId, @Schema(type = SchemaType.STRING, implementation = OrderStockStatus.class) String status, List<StockLine> lines, boolean settled, Instant createdAt,
        Instant updatedAt) {

    public static OrderStockView of(OrderStock o, List<StockLine> lines) {
        return new OrderStockView(o.orderId, o.status.name(), lines, o.settled(), o.createdAt, o.updatedAt);
    }
}
