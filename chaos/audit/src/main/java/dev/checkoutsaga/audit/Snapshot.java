package dev.checkoutsaga.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the audit read from the APIs, as plain data: the invariants are checked on this alone, so
 * they can be unit-tested without any service running. Two snapshots are equal when everything
 * read is equal: the audit judges only a snapshot read twice in a row with the same result.
 *
 * @param orders         every order of order-service
 * @param products       every product of inventory-service
 * @param payments       payment-service's saga payments, by order id
 * @param shipments      shipping-service's records, by order id
 * @param orderStock     inventory-service's record of each order, by order id
 * @param ledger         the provider's and carrier's ledger, by order id (or direct payment id)
 * @param directPayments payment-service's direct payments (POST /payments)
 */
public record Snapshot(List<Order> orders, List<Product> products, Map<UUID, Payments> payments,
        Map<UUID, Shipments> shipments, Map<UUID, OrderStock> orderStock, Map<UUID, Ledger> ledger,
        List<DirectPayment> directPayments) {

    public Snapshot withOrders(List<Order> o) {
        return new Snapshot(o, products, payments, shipments, orderStock, ledger, directPayments);
    }

    public Snapshot withProducts(List<Product> p) {
        return new Snapshot(orders, p, payments, shipments, orderStock, ledger, directPayments);
    }

    public Snapshot withPayments(Map<UUID, Payments> p) {
        return new Snapshot(orders, products, p, shipments, orderStock, ledger, directPayments);
    }

    public Snapshot withShipments(Map<UUID, Shipments> s) {
        return new Snapshot(orders, products, payments, s, orderStock, ledger, directPayments);
    }

    public Snapshot withOrderStock(Map<UUID, OrderStock> s) {
        return new Snapshot(orders, products, payments, shipments, s, ledger, directPayments);
    }

    public Snapshot withLedger(Map<UUID, Ledger> l) {
        return new Snapshot(orders, products, payments, shipments, orderStock, l, directPayments);
    }

    public Snapshot withDirectPayments(List<DirectPayment> d) {
        return new Snapshot(orders, products, payments, shipments, orderStock, ledger, d);
    }

    /**
     * An order with its lines (lines are only needed, and only read, for COMPLETED orders), its
     * customer and the Idempotency-Key of the request that placed it (null without one). A key is
     * unique per customer: two customers may use the same one.
     */
    public record Order(UUID id, String customerId, String status, long total, String currency,
            Map<String, Integer> quantities, String idempotencyKey) {

        /** An order of customer {@code c-1} placed without an Idempotency-Key. */
        public Order(UUID id, String status, long total, String currency, Map<String, Integer> quantities) {
            this(id, "c-1", status, total, currency, quantities, null);
        }
    }

    public record Product(String sku, long received, long available, long reserved, long sold) {
    }

    /** payment-service's saga payments of one order (one, by design). */
    public record Payments(long captured, long refunded, int records) {
    }

    /** shipping-service's records of one order. */
    public record Shipments(int live, int records) {
    }

    /** inventory-service's record of one order: its status (RESERVED, SOLD, RELEASED ...) and lines. */
    public record OrderStock(String status, Map<String, Integer> lines) {
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
