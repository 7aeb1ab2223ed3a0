package dev.checkoutsaga.order.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.persistence.OrderEntity;
import dev.checkoutsaga.order.persistence.OrderLineEntity;
import dev.checkoutsaga.order.persistence.TimelineEntryEntity;

/**
 * An order as {@code GET /orders/{id}} shows it. Money is {@code {"amount": <minor units>, "currency": "EUR"}}.
 * {@code undone} lists what the compensation undid (filled once the participants settle).
 * {@code idempotencyKey} is the Idempotency-Key of the request that placed it (null without one).
 * {@code stale} is true when the order database could not answer and this is the last copy kept in
 * Redis (or an order accepted while the database was down and not written yet).
 */
public record OrderView(UUID id, String customerId, OrderStatus status, @Schema(nullable = true, description = "Why it was cancelled; null unless CANCELLING or CANCELLED") CancellationReason reason,
        @Schema(nullable = true) String reasonDetail,
        MoneyView total, List<ItemView> items, AddressView shippingAddress, String paymentTokenHint, Instant deadline,
        Instant createdAt, Instant updatedAt, List<TimelineView> timeline, List<String> undone,
        @Schema(nullable = true, description = "The Idempotency-Key of the request that placed it") String idempotencyKey,
        boolean stale) {

    /** The same view, marked as a copy that may be behind the database. */
    public OrderView asStale() {
        return new OrderView(id, customerId, status, reason, reasonDetail, total, items, shippingAddress,
                paymentTokenHint, deadline, createdAt, updatedAt, timeline, undone, idempotencyKey, true);
    }

    public record MoneyView(long amount, String currency) {
        public static MoneyView of(Money m) {
            return new MoneyView(m.amountMinor(), m.currency());
        }
    }

    public record ItemView(String sku, int quantity, MoneyView unitPrice, MoneyView lineTotal) {
    }

    public record AddressView(String name, String line1, @Schema(nullable = true) String line2, String city, String postalCode, String country) {
    }

    public record TimelineView(String event, Instant at, String service, @Schema(nullable = true) String detail) {
    }

    public static OrderView of(OrderEntity o, List<OrderLineEntity> lines, List<TimelineEntryEntity> timeline) {
        List<ItemView> items = lines.stream().map(l -> {
            Money unit = new Money(l.unitPriceAmount, o.currency);
            return new ItemView(l.sku, l.quantity, MoneyView.of(unit), MoneyView.of(unit.times(l.quantity)));
        }).toList();
        return new OrderView(o.id, o.customerId, o.status, o.reason, o.reasonDetail, MoneyView.of(o.total()), items,
                new AddressView(o.shipName, o.shipLine1, o.shipLine2, o.shipCity, o.shipPostalCode, o.shipCountry),
                o.paymentTokenHint, o.deadline, o.createdAt, o.updatedAt,
                timeline.stream().map(t -> new TimelineView(t.event, t.at, t.service, t.detail)).toList(),
                o.sagaState().undone(), o.idempotencyKey, false);
    }
}
