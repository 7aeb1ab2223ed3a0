package dev.checkoutsaga.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the audit read from the APIs, as plain data: the invariants are checked on this alone, so
 * they can be unit-tested without any service running.
 */
public record Snapshot(List<Order> orders, List<Product> products, Map<UUID, Payments> payments,
        Map<UUID, Shipments> shipments, Map<UUID, Ledger> ledger) {

    /** An order with its lines (lines are only needed, and only read, for COMPLETED orders). */
    public record Order(UUID id, String status, long total, String currency, Map<String, Integer> quantities) {
    }

    public record Product(String sku, long received, long available, long reserved, long sold) {
    }

    /** payment-service's records of one order. */
    public record Payments(long captured, long refunded, int records) {
    }

    /** shipping-service's records of one order. */
    public record Shipments(int live, int records) {
    }

    /** The provider's and carrier's ledger for one order. */
    public record Ledger(long captured, long refunded, int succeededCharges, int liveShipments) {
    }
}
