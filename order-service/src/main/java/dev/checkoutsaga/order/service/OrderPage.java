package dev.checkoutsaga.order.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.order.service.OrderView.MoneyView;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.persistence.OrderEntity;

/** One page of {@code GET /orders}; {@code nextCursor} is null on the last page. */
public record OrderPage(List<Summary> items,
        @Schema(nullable = true, description = "The cursor of the next page; null on the last page") String nextCursor) {

    public record Summary(UUID id, String customerId, OrderStatus status, @Schema(nullable = true) CancellationReason reason, MoneyView total,
            Instant deadline, Instant createdAt, Instant updatedAt, @Schema(nullable = true) String idempotencyKey) {

        static Summary of(OrderEntity o) {
            return new Summary(o.id, o.customerId, o.status, o.reason, MoneyView.of(o.total()), o.deadline, o.createdAt,
                    o.updatedAt, o.idempotencyKey);
        }
    }
}
