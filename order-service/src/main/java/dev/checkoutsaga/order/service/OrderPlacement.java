package dev.checkoutsaga.order.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.ShippingAddress;
import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.order.domain.NewOrder;
import dev.checkoutsaga.order.persistence.OrderDatabaseGuard;
import dev.checkoutsaga.order.persistence.OrderStore;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import dev.checkoutsaga.outbox.SagaLogContext;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.web.ProblemException;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Placing an order, behind {@code POST /orders} (which admits, validates and hands over): price the
 * lines with inventory's prices, seal the card token, then write the order, its OrderPlaced and the
 * key's stored answer in one transaction (platform/idempotency). When the database cannot answer, the
 * order is accepted as a deferred write ({@link DeferredOrders}). The answer is the 202 the client
 * gets, replayed for a repeated key.
 */
@ApplicationScoped
public class OrderPlacement {
    /** Idempotency keys of POST /orders live in this scope of platform/idempotency. */
    public static final String IDEMPOTENCY_SCOPE = "orders";

    @Inject
    OrderPricing pricing;
    @Inject
    OrderTransactions transactions;
    @Inject
    OrderConfig config;
    @Inject
    IdempotentRequests idempotency;
    @Inject
    OrderSnapshots snapshots;
    @Inject
    DeferredOrders deferred;
    @Inject
    OrderDatabaseGuard database;
    @Inject
    ObjectMapper json;
    @Inject
    PaymentTokens paymentTokens;

    /** Places {@code body} (already validated) for {@code customerId}; {@code trace} is the request's span. */
    public Uni<Response> place(PlaceOrderRequest body, String customerId, String idempotencyKey, Context trace) {
        return pricing.price(body.items()).flatMap(priced -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            PlaceOrderRequest.Address a = body.shippingAddress();
            UUID orderId = UUID.randomUUID();
            NewOrder order = new NewOrder(orderId, customerId, priced.lines(),
                    new ShippingAddress(a.name(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country()),
                    paymentTokens.seal(orderId, body.paymentToken()), NewOrder.hintOf(body.paymentToken()),
                    now, now.plus(config.saga().deadline()), idempotencyKey);
            SagaLogContext.tagOrder(order.id().toString());
            String fingerprint = fingerprint(body);
            return database.call(() -> idempotency.execute(IDEMPOTENCY_SCOPE, customerId, idempotencyKey, fingerprint,
                    () -> transactions.place(order, trace, priced.fromCache(), false)
                            .map(placed -> AcceptedAnswer.of(json,
                                    OrderView.of(placed.order(), placed.lines(), placed.timeline()),
                                    priced.fromCache(), false))))
                    // the database is down (or too slow, or its breaker open): accept now, write when it is back
                    .onFailure(OrderDatabaseGuard::unavailable).recoverWithUni(e -> deferred.accept(order,
                            fingerprint, priced.fromCache(), trace, e))
                    .onFailure(OrderPlacement::keyNamesAnOrderAlready).transform(e -> ProblemException.unprocessable(
                            IdempotentRequests.HEADER, "placed one of your orders "
                                    + "already, and its stored answer has expired; send a new key for a new order"))
                    // a first answer (not a replay) is the order as just written: keep its copy
                    .call(r -> r.getStatus() == 202 && r.getHeaderString(StoredResponse.REPLAYED_HEADER) == null
                            ? snapshots.rememberJson(order.id(), (String) r.getEntity())
                            : Uni.createFrom().voidItem());
        });
    }

    /**
     * The key's stored answer expired (platform/idempotency forgets it after its TTL) but the order it
     * placed is still there: the orders' unique index on (customer, key) refuses a second one.
     */
    private static boolean keyNamesAnOrderAlready(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            // Hibernate Reactive reports the unique violation as a java.sql.SQLException (23505) naming the index
            if (c instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("\"" + OrderStore.IDEMPOTENCY_KEY_INDEX + "\"")) {
                return true;
            }
        }
        return false;
    }

    /** Same key, same request: the validated body, canonically serialized (records keep their field order). */
    private String fingerprint(PlaceOrderRequest body) {
        try {
            return IdempotentRequests.fingerprint(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
