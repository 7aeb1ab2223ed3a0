package dev.checkoutsaga.order.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.events.ShippingAddress;

/**
 * A priced, validated order about to be accepted. The total is computed here, never taken from a client.
 * {@code idempotencyKey} is the client's Idempotency-Key (null without one). The card token is
 * only here sealed for payment-service ({@code sealedPaymentToken}, platform/sealing) and as a hint
 * for the customer's view: the clear token never goes further than the request that brought it.
 */
public record NewOrder(UUID id, String customerId, List<OrderLine> lines, ShippingAddress shippingAddress,
        String sealedPaymentToken, String paymentTokenHint, Instant createdAt, Instant deadline, String idempotencyKey) {

    public NewOrder {
        Objects.requireNonNull(id);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
    }

    /** The same order with other lines (a deferred order re-priced when written). */
    public NewOrder withLines(List<OrderLine> repriced) {
        return new NewOrder(id, customerId, repriced, shippingAddress, sealedPaymentToken, paymentTokenHint, createdAt,
                deadline, idempotencyKey);
    }

    /** Sum of the lines; {@link Money#plus} refuses mixed currencies. */
    public Money total() {
        Money total = Money.zero(lines.get(0).unitPrice().currency());
        for (OrderLine line : lines) {
            total = total.plus(line.lineTotal());
        }
        return total;
    }

    /** What the order table keeps of a card token: its last 4 characters if it is long enough that they reveal little. */
    public static String hintOf(String clearToken) {
        if (clearToken == null || clearToken.length() < 12) {
            return "****";
        }
        return "****" + clearToken.substring(clearToken.length() - 4);
    }
}
