package dev.checkoutsaga.sandbox.ledger;

import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.sandbox.carrier.Shipment;
import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.sandbox.payments.Refund;

/**
 * One order at the third parties. {@code captured} = sum of succeeded charges, {@code refunded} =
 * sum of refunds, {@code net} = captured - refunded, {@code liveShipments} = booked, not cancelled.
 */
public record OrderLedger(UUID orderId, List<Charge> charges, List<Refund> refunds, List<Shipment> shipments,
        long captured, long refunded, long net, int liveShipments) {

    public static OrderLedger of(UUID orderId, List<Charge> charges, List<Refund> refunds, List<Shipment> shipments) {
        long captured = charges.stream().filter(Charge::isSucceeded).mapToLong(Charge::amount).sum();
        long refunded = refunds.stream().mapToLong(Refund::amount).sum();
        int live = (int) shipments.stream().filter(Shipment::isBooked).count();
        return new OrderLedger(orderId, charges, refunds, shipments, captured, refunded, captured - refunded, live);
    }
}
