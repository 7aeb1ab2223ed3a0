package dev.checkoutsaga.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the audit read from the APIs, as plain data: the invariants are checked on this alone, so
 * they can be unit-tested without any service running.
 */
public record Snapshot(List<Order> orders, List<Product> products, Map<UUID, Payments> payments,
        Map<UUID, Shipments> shipments, Map<UUID, Ledger> ledger, List<DirectPayment> directPayments) {

    /** A snapshot without direct payments. */
    public Snapshot(List<Order> orders, List<Product> products, Map<UUID, Payments> payments,
            Map<UUID, Shipments> shipments, Map<UUID, Ledger> ledger) {
        this(orders, products, payments, shipments, ledger, List.of());
    }

    /**
     * An order with its lines (lines are only needed, and only read, for COMPLETED orders) and the
     * Idempotency-Key of the request that placed it (null without one).
     */
    public record Order(UUID id, String status, long total, String currency, Map<String, Integer> quantities,
            String idempotencyKey) {

        /** An order placed without an Idempotency-Key. */
        public Order(UUID id, String status, long total, String currency, Map<String, Integer> quantities) {
            this(id, status, total, currency, quantities, null);
        }
    }

    public record Product(String sku, long received, long available, long reserved, long sold) {
    }

    /** payment-service's records of one order. */
    public record Payments(long captured, long refunded, int records) {
    }

    /** shipping-service's records of one order. */
    public record Shipments(int live, int records) {
    }

    /**
     * A direct payment ({@code POST /payments}) as payment-service lists it ({@code GET /payments/direct}).
     * The provider books its charge under orderId = the payment id, so its {@link Ledger} is
     * {@code ledger().get(id())}.
     */
    public record DirectPayment(UUID id, String status, long amount, String currency, long captured) {
    }

    /** The provider's and carrier's ledger for one order (or one direct payment, by its id). */
    public record Ledger(long captured, long refunded, int succeededCharges, int liveShipments) {
    }
}
