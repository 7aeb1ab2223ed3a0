package dev.checkoutsaga.inventory.persistence;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.inventory.domain.OrderStockStatus;
import dev.checkoutsaga.steps.OrderLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * The locking queries of the saga handlers and the product upsert. Every method must run inside
 * the caller's reactive transaction ({@code Panache.withTransaction}).
 */
@ApplicationScoped
public class InventoryRepository {

    private static final String INSERT_ORDER_IF_ABSENT = "insert into order_stock (order_id, status) values (?1, ?2) "
            + "on conflict do nothing";
    private static final String INSERT_LINE = "insert into order_stock_line (order_id, sku, quantity) values (?1, ?2, ?3)";
    private static final String SELECT_LINES = "select sku, quantity from order_stock_line where order_id = ?1 order by sku";
    private static final String SELECT_LINES_OF_ORDERS = "select order_id, sku, quantity from order_stock_line "
            + "where order_id in (:ids) order by order_id, sku";
    // xmax = 0 holds for a freshly inserted row version and not for one written by the DO UPDATE
    // branch: one atomic statement that also tells whether the product was created.
    // Setting "available" counts the difference as received (or written off, when lower), so that
    // received = available + reserved + sold always holds. SET expressions see the old row values.
    private static final String UPSERT_PRODUCT = "insert into product (sku, name, price_minor, currency, available, received) "
            + "values (?1, ?2, ?3, ?4, ?5, ?5) on conflict (sku) do update set name = excluded.name, "
            + "price_minor = excluded.price_minor, currency = excluded.currency, available = excluded.available, "
            + "received = product.received + (excluded.available - product.available), "
            + "updated_at = now() returning (xmax = 0)";

    /**
     * Locks the order's local record, creating it (status NEW) if inventory has not seen the order.
     * Insert-if-absent first, so that two first events of one order cannot both miss the row: the
     * second waits on the first one's lock.
     */
    public Uni<OrderStock> lockOrder(UUID orderId) {
        return OrderLocks.lockOrCreate(OrderStock.class, orderId, INSERT_ORDER_IF_ABSENT, orderId,
                OrderStockStatus.NEW.name());
    }

    /**
     * Locks the products of these SKUs in SKU order (every handler locks in the same order, so
     * concurrent orders sharing SKUs cannot deadlock). Unknown SKUs are simply absent.
     */
    public Uni<List<Product>> lockProducts(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Product.<Product>find("sku in ?1 order by sku", List.copyOf(skus))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    public Uni<Void> insertLines(UUID orderId, List<StockLine> lines) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (StockLine line : lines) {
            chain = chain.chain(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT_LINE)
                    .setParameter(1, orderId)
                    .setParameter(2, line.sku())
                    .setParameter(3, line.quantity())
                    .executeUpdate())).replaceWithVoid();
        }
        return chain;
    }

    public Uni<List<StockLine>> lines(UUID orderId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(SELECT_LINES, Object[].class).setParameter(1, orderId).getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new StockLine((String) r[0], ((Number) r[1]).intValue()))
                        .toList());
    }

    /** The lines of these orders, by order id (an order without lines is absent). */
    public Uni<java.util.Map<UUID, List<StockLine>>> lines(List<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(SELECT_LINES_OF_ORDERS, Object[].class).setParameter("ids", orderIds)
                        .getResultList())
                .map(rows -> {
                    java.util.Map<UUID, List<StockLine>> byOrder = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        byOrder.computeIfAbsent((UUID) r[0], id -> new java.util.ArrayList<>())
                                .add(new StockLine((String) r[1], ((Number) r[2]).intValue()));
                    }
                    return byOrder;
                });
    }

    /** Creates or updates a product in one statement; true when it was created. */
    public Uni<Boolean> upsertProduct(String sku, String name, long priceMinor, String currency, int available) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(UPSERT_PRODUCT, Boolean.class)
                .setParameter(1, sku)
                .setParameter(2, name)
                .setParameter(3, priceMinor)
                .setParameter(4, currency)
                .setParameter(5, available)
                .getSingleResult());
    }
}
