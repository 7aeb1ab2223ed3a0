package dev.checkoutsaga.order.domain;

import java.util.ArrayList;
import java.util.List;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.StockLine;

/**
 * The saga's view of one order: the status plus the FACTS it was derived from. Events of different
 * topics arrive in any order, so the machine records what each participant said and derives the
 * status from the whole set, instead of trusting the order of arrival.
 *
 * @param reason                  null until a cancellation was requested
 * @param released                meaningful once {@code inventorySettled}; empty for a tombstone
 * @param refunded                meaningful once {@code paymentSettled}; zero (or null) for a tombstone
 * @param cancelledTrackingNumber meaningful once {@code shippingSettled}; null for a tombstone
 */
public record SagaState(OrderStatus status, CancellationReason reason, String reasonDetail,
        boolean stockReserved, boolean paymentCaptured, boolean shipmentScheduled,
        boolean inventorySettled, List<StockLine> released,
        boolean paymentSettled, Money refunded,
        boolean shippingSettled, String cancelledTrackingNumber) {

    public SagaState {
        released = released == null ? List.of() : List.copyOf(released);
    }

    /** A freshly placed order: nothing has happened yet. */
    public static SagaState placed() {
        return new SagaState(OrderStatus.PENDING, null, null, false, false, false, false, List.of(), false, null, false,
                null);
    }

    public boolean cancellationRequested() {
        return reason != null;
    }

    public int settlements() {
        return (inventorySettled ? 1 : 0) + (paymentSettled ? 1 : 0) + (shippingSettled ? 1 : 0);
    }

    /** Every participant the saga map names as settling (inventory, payment, shipping) has settled. */
    public boolean allSettled() {
        return settlements() == SagaMap.participantsThatSettle();
    }

    /**
     * What the participants undid, in a fixed order (inventory, payment, shipping) so that the list is
     * the same whichever settlement arrived first.
     */
    public List<String> undone() {
        List<String> undone = new ArrayList<>();
        if (inventorySettled) {
            released.forEach(l -> undone.add("stock released: " + l.sku() + " x" + l.quantity()));
        }
        if (paymentSettled && refunded != null && refunded.amountMinor() > 0) {
            undone.add("payment refunded: " + refunded.amountMinor() + " " + refunded.currency());
        }
        if (shippingSettled && cancelledTrackingNumber != null) {
            undone.add("shipment cancelled: " + cancelledTrackingNumber);
        }
        return List.copyOf(undone);
    }

    SagaState withStatus(OrderStatus s) {
        return new SagaState(s, reason, reasonDetail, stockReserved, paymentCaptured, shipmentScheduled,
                inventorySettled, released, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withCancellation(CancellationReason r, String detail) {
        return new SagaState(status, r, detail, stockReserved, paymentCaptured, shipmentScheduled,
                inventorySettled, released, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withStockReserved() {
        return new SagaState(status, reason, reasonDetail, true, paymentCaptured, shipmentScheduled,
                inventorySettled, released, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withPaymentCaptured() {
        return new SagaState(status, reason, reasonDetail, stockReserved, true, shipmentScheduled,
                inventorySettled, released, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withShipmentScheduled() {
        return new SagaState(status, reason, reasonDetail, stockReserved, paymentCaptured, true,
                inventorySettled, released, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withInventorySettled(List<StockLine> lines) {
        return new SagaState(status, reason, reasonDetail, stockReserved, paymentCaptured, shipmentScheduled,
                true, lines, paymentSettled, refunded, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withPaymentSettled(Money amount) {
        return new SagaState(status, reason, reasonDetail, stockReserved, paymentCaptured, shipmentScheduled,
                inventorySettled, released, true, amount, shippingSettled, cancelledTrackingNumber);
    }

    SagaState withShippingSettled(String trackingNumber) {
        return new SagaState(status, reason, reasonDetail, stockReserved, paymentCaptured, shipmentScheduled,
                inventorySettled, released, paymentSettled, refunded, true, trackingNumber);
    }
}
