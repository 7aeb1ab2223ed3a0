package dev.checkoutsaga.sandbox.ledger;

import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.sandbox.payments.Charge;

/**
 * Totals of every order the sandbox has seen, oldest first. {@code totalOrders} counts all of them;
 * {@code truncated} says the list stopped at {@code ?limit=}.
 */
public record LedgerSummary(int totalOrders, boolean truncated, List<OrderTotals> orders) {

    public record OrderTotals(UUID orderId, long captured, long refunded, long net, int liveShipments, int chargeCount,
            int succeededChargeCount) {

        static OrderTotals of(OrderLedger o) {
            return new OrderTotals(o.orderId(), o.captured(), o.refunded(), o.net(), o.liveShipments(), o.charges().size(),
                    (int) o.charges().stream().filter(Charge::isSucceeded).count());
        }
    }
}
