package dev.checkoutsaga.order.service;

import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.SagaEvent.OrderPlacementDeferred;
import dev.checkoutsaga.idempotency.IdempotentRequests;
import dev.checkoutsaga.idempotency.StoredResponse;
import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.order.domain.NewOrder;
import dev.checkoutsaga.order.persistence.OrderTransactions;
import dev.checkoutsaga.outbox.DirectPublisher;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

/**
 * {@code POST /orders} while the order database is down (docs/design.md section 4): the accepted order
 * is handed to Kafka (topic checkout.orders.deferred) instead of the database, answered 202 with its
 * Location, and written by {@code DeferredOrderWriter} when the database is back. Until then
 * {@code GET /orders/{id}} serves the copy kept in Redis, marked stale.
 *
 * <p>An Idempotency-Key is reserved in Redis (atomically) before the hand-over, so a retry during the
 * outage replays the same 202; the writer records the key with the order. When Redis cannot hold the
 * key, or Kafka cannot take the order, nothing is accepted: 503 with Retry-After (never a write that
 * a retry could double).
 */
@ApplicationScoped
public class DeferredOrders {
    private static final Logger LOG = Logger.getLogger(DeferredOrders.class);
    public static final String IDEMPOTENCY_SCOPE = OrderPlacement.IDEMPOTENCY_SCOPE;

    @Inject
    DirectPublisher publisher;
    @Inject
    IdempotentRequests idempotency;
    @Inject
    OrderSnapshots snapshots;
    @Inject
    OrderConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;
    @Inject
    PaymentTokens paymentTokens;

    /** What the client is told, before and after the order is written: the same for a replay of its key. */
    public static StoredResponse answer(ObjectMapper json, NewOrder order, boolean pricesFromCache) {
        OrderTransactions.Placed rows = OrderTransactions.rows(order, Context.root(), pricesFromCache, true);
        return AcceptedAnswer.of(json, OrderView.of(rows.order(), rows.lines(), rows.timeline()).asStale(),
                pricesFromCache, true);
    }

    public Uni<Response> accept(NewOrder order, String fingerprint, boolean pricesFromCache, Context trace,
            Throwable databaseFailure) {
        if (!config.degradation().deferredWrites()) {
            return Uni.createFrom().failure(unavailable("the order database is unavailable", databaseFailure));
        }
        StoredResponse answer = answer(json, order, pricesFromCache);
        String key = order.idempotencyKey();
        Uni<Response> reserved = key == null ? Uni.createFrom().nullItem()
                : idempotency.reserveForDeferredWrite(OrderPlacement.IDEMPOTENCY_SCOPE, order.customerId(), key, fingerprint, answer);
        return reserved
                .onFailure(IdempotentRequests.KeyStoreUnavailableException.class)
                .transform(e -> unavailable("the order database and the Idempotency-Key store are unavailable", e))
                .flatMap(replay -> replay != null ? Uni.createFrom().item(replay)
                        : publisher.publish(command(order, pricesFromCache, fingerprint), trace)
                                .onFailure().call(() -> key == null ? Uni.createFrom().voidItem()
                                        : idempotency.releaseDeferredReservation(OrderPlacement.IDEMPOTENCY_SCOPE, order.customerId(), key))
                                .onFailure().transform(e -> unavailable("the order database and Kafka are unavailable", e))
                                .call(() -> snapshots.rememberJson(order.id(), answer.body()))
                                .invoke(() -> {
                                    LOG.warnf("order %s accepted while the order database is unavailable (%s): written "
                                            + "when it is back", order.id(), databaseFailure.toString());
                                    Counter.builder("saga.orders.deferred").register(registry).increment();
                                })
                                .map(ok -> answer.toResponse(false)));
    }

    private static OrderPlacementDeferred command(NewOrder order, boolean pricesFromCache, String fingerprint) {
        return new OrderPlacementDeferred(order.id(), order.customerId(), order.lines(), order.shippingAddress(),
                order.sealedPaymentToken(), order.createdAt(), order.deadline(), pricesFromCache, order.idempotencyKey(),
                order.idempotencyKey() == null ? null : fingerprint);
    }

    /** 503 with Retry-After: nothing was accepted, the client retries (with the same Idempotency-Key). */
    public ProblemException unavailable(String why, Throwable cause) {
        LOG.warnf("order refused: %s (%s)", why, cause == null ? "" : cause.toString());
        Counter.builder("saga.orders.refused.unavailable").register(registry).increment();
        return new ProblemException(Problem.of(Status.SERVICE_UNAVAILABLE, why + "; nothing was accepted, retry later",
                java.util.List.of()), Map.of("Retry-After", String.valueOf(config.degradation().retryAfterSeconds())));
    }

    /**
     * The reconstruction of the order the writer performs, from the command. The sealed token goes
     * on as it came; it is opened only for the hint (a token that does not open gets the blank hint,
     * and payment-service declines it).
     */
    public NewOrder order(OrderPlacementDeferred d) {
        String hint;
        try {
            hint = NewOrder.hintOf(paymentTokens.open(d.orderId(), d.paymentToken()));
        } catch (UnreadableSealException e) {
            LOG.warnf("deferred order %s: its payment token does not open (%s)", d.orderId(), e.getMessage());
            hint = NewOrder.hintOf(null);
        }
        return new NewOrder(d.orderId(), d.customerId(), d.items(), d.shippingAddress(), d.paymentToken(), hint,
                d.createdAt(), d.deadline(), d.idempotencyKey());
    }
}
