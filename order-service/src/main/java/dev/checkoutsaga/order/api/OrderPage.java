package dev.checkoutsaga.order.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.order.api.OrderView.MoneyView;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.persistence.OrderEntity;

/** One page of {@code GET /orders}; {@code nextCursor} is null on the last page. */
public record OrderPage(List<Summary> items, String nextCursor) {

    public record Summary(UUID id, String customerId, OrderStatus status, CancellationReason reason, MoneyView total,
            Instant deadline, Instant createdAt, Instant updatedAt, String idempotencyKey) {

        static Summary of(OrderEntity o) {
            return new Summary(o.id, o.customerId, o.status, o.reason, MoneyView.of(o.total()), o.deadline, o.createdAt,
                    o.updatedAt, o.idempotencyKey);
        }
    }
}
