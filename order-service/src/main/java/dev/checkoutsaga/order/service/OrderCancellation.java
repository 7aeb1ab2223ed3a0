package dev.checkoutsaga.order.service;

import java.util.UUID;

import dev.checkoutsaga.order.domain.OrderSaga;
import dev.checkoutsaga.order.domain.OrderStatus;
import dev.checkoutsaga.order.persistence.OrderDatabaseGuard;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A cancellation asked for through the REST API: the saga decides (OrderSaga), the order and its
 * OrderCancellationRequested commit together, and the order's Redis copy follows.
 */
@ApplicationScoped
public class OrderCancellation {

    @Inject
    OrderTransactions transactions;
    @Inject
    OrderSnapshots snapshots;
    @Inject
    DeferredOrders deferred;
    @Inject
    OrderDatabaseGuard database;

    /**
     * What a cancel request came to: the order as it is now (cancelling or cancelled), or, when the
     * saga refused, the status it refused in (and no order).
     */
    public record Answer(OrderView order, OrderStatus refusedIn) {
    }

    /**
     * Cancels the order in {@code trace}; null when there is no such order, or {@code owner} (null:
     * anyone's) does not own it. A 503 problem when the order database cannot answer.
     */
    public Uni<Answer> cancel(UUID orderId, String owner, Context trace) {
        return database.call(() -> transactions.cancelByCustomer(orderId, owner, trace)
                .flatMap(result -> {
                    if (result == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (result.outcome() == OrderSaga.Outcome.REFUSED) {
                        return Uni.createFrom().item(new Answer(null, result.order().status));
                    }
                    return snapshots.load(orderId).call(snapshots::remember)
                            .map(view -> view == null ? null : new Answer(view, null));
                }))
                .onFailure(OrderDatabaseGuard::unavailable)
                .transform(e -> deferred.unavailable("the order database is unavailable", e));
    }
}
