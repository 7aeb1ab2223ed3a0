package dev.checkoutsaga.order.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.persistence.OrderDatabaseGuard;
import dev.checkoutsaga.order.persistence.OrderEntity;
import dev.checkoutsaga.order.persistence.OrderStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reading orders for the REST API: one order, and pages of them. While the order database cannot
 * answer, an order is read from its last copy in Redis, marked stale; an order accepted while the
 * database was down and not written yet is read from its copy too. Who may read what is the
 * resource's decision, not this class's.
 */
@ApplicationScoped
public class OrderQueries {

    @Inject
    OrderSnapshots snapshots;
    @Inject
    OrderStore store;
    @Inject
    DeferredOrders deferred;
    @Inject
    OrderDatabaseGuard database;

    /** The order, or null when there is none; a 503 problem when neither the database nor a copy answers. */
    public Uni<OrderView> find(UUID orderId) {
        return database.call(() -> snapshots.load(orderId))
                // the database cannot answer: the last copy, marked stale
                .onFailure(OrderDatabaseGuard::unavailable).recoverWithUni(e -> snapshots.copyOf(orderId)
                        .map(copy -> copy.orElseThrow(() -> unavailable(e))))
                .flatMap(view -> view != null ? Uni.createFrom().item(view)
                        // accepted while the database was down and not written yet: its copy, marked stale
                        : snapshots.copyOf(orderId).map(copy -> copy.orElse(null)));
    }

    /**
     * Orders newest first, after {@code after} (null: from the newest), at most {@code max}.
     *
     * @param customerId only this customer's orders; null: everyone's
     * @param status only orders in this status; null: any
     */
    public Uni<OrderPage> page(String customerId, OrderStatus status, PageCursor after, int max) {
        Instant afterCreatedAt = after == null ? null : after.createdAt();
        UUID afterId = after == null ? null : after.id();
        return database.call(() -> Panache.withSession(() -> store.page(customerId, status, afterCreatedAt, afterId, max + 1))
                .map(rows -> {
                    boolean more = rows.size() > max;
                    List<OrderEntity> page = more ? rows.subList(0, max) : rows;
                    OrderEntity last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = more ? new PageCursor(last.createdAt, last.id).encode() : null;
                    return new OrderPage(page.stream().map(OrderPage.Summary::of).toList(), next);
                }))
                .onFailure(OrderDatabaseGuard::unavailable).transform(this::unavailable);
    }

    private RuntimeException unavailable(Throwable cause) {
        return deferred.unavailable("the order database is unavailable", cause);
    }
}
