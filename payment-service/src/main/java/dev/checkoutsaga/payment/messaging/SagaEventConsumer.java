package dev.checkoutsaga.payment.messaging;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.SagaEvent.StockReserved;
import dev.checkoutsaga.outbox.IncomingEvent;
import dev.checkoutsaga.outbox.SagaInbox;
import dev.checkoutsaga.payment.domain.PaymentSaga.CancelDecision;
import dev.checkoutsaga.payment.domain.PaymentSaga.ReservedDecision;
import dev.checkoutsaga.payment.domain.PaymentSaga;
import dev.checkoutsaga.payment.domain.PaymentStatus;
import dev.checkoutsaga.payment.persistence.Payment;
import dev.checkoutsaga.payment.persistence.PaymentRepository;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
import dev.checkoutsaga.steps.SagaEffects;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * payment's part of the saga, Kafka side: consumes StockReserved (checkout.inventory) and
 * OrderCancellationRequested (checkout.orders) and applies {@link PaymentSaga}'s decisions. Each
 * event runs in one transaction via {@link SagaInbox} (inbox row, payment record, scheduled step and
 * outgoing events commit together) after locking the order's payment record. The provider is never
 * called here: the decision schedules a step ({@link ChargeStep}, {@link RefundStep}).
 */
@ApplicationScoped
public class SagaEventConsumer {
    private static final Logger LOG = Logger.getLogger(SagaEventConsumer.class);
    public static final String CONSUMER_GROUP = "payment-service";
    /** The events of checkout.inventory and checkout.orders the saga map routes to this service; the others skip the inbox. */
    static final Set<EventType> HANDLED = SagaMap.handledBy(SagaMap.PAYMENT);

    @Inject
    SagaInbox inbox;
    @Inject
    SagaEffects effects;
    @Inject
    PaymentRepository repository;
    @Inject
    PaymentMetrics metrics;
    @Inject
    dev.checkoutsaga.payment.config.SagaChargeConfig bounds;
    @Inject
    PaymentTokens paymentTokens;

    @Incoming("saga-events")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        AtomicReference<PaymentStatus> outcome = new AtomicReference<>();
        return inbox.handle(CONSUMER_GROUP, HANDLED, record, event -> {
            outcome.set(null); // the inbox may retry the whole transaction
            return apply(event, outcome);
        }).invoke(() -> metrics.entered(outcome.get())); // after the commit only
    }

    Uni<Void> apply(IncomingEvent event, AtomicReference<PaymentStatus> outcome) {
        return switch (event.data()) {
            case StockReserved reserved -> reserved(event, reserved, outcome);
            case OrderCancellationRequested cancel -> cancel(event, outcome);
            default -> Uni.createFrom().voidItem(); // the other events of both topics are not ours
        };
    }

    private Uni<Void> reserved(IncomingEvent event, StockReserved reserved, AtomicReference<PaymentStatus> outcome) {
        return repository.lockOrder(event.orderId()).flatMap(p -> {
            ReservedDecision decision = PaymentSaga.onStockReserved(p.status, reserved.total(),
                    tokenState(event.orderId(), reserved.paymentToken()),
                    new PaymentSaga.ChargeBounds(bounds.maxAmount(), bounds.currencies()));
            if (!(decision instanceof PaymentSaga.IgnoreReserved)) {
                record(p, reserved);
            }
            if (decision instanceof PaymentSaga.DeclineAtOnce decline) {
                p.failureCode = decline.failureCode();
            }
            outcome.set(decision.status());
            return effects.apply(p, decision, event);
        });
    }

    /** Opened only to know it opens: the row keeps the sealed form, the charge step opens it for the call. */
    private PaymentSaga.TokenState tokenState(java.util.UUID orderId, String sealed) {
        if (sealed == null || sealed.isBlank()) {
            return PaymentSaga.TokenState.MISSING;
        }
        try {
            paymentTokens.open(orderId, sealed);
            return PaymentSaga.TokenState.READABLE;
        } catch (UnreadableSealException e) {
            LOG.warnf("the payment token of order %s does not open: %s", orderId, e.getMessage());
            return PaymentSaga.TokenState.UNREADABLE;
        }
    }

    private Uni<Void> cancel(IncomingEvent event, AtomicReference<PaymentStatus> outcome) {
        return repository.lockOrder(event.orderId()).flatMap(p -> {
            CancelDecision decision = PaymentSaga.onCancellationRequested(p.status, p.cancelRequested);
            if (!(decision instanceof PaymentSaga.IgnoreCancel)) {
                p.cancelRequested = true;
            }
            outcome.set(decision.status());
            return effects.apply(p, decision, event);
        });
    }

    private static void record(Payment p, StockReserved reserved) {
        Money total = reserved.total();
        // a negative total is declined (invalid_amount) and not stored: amounts are never negative
        p.amountMinor = total == null || total.amountMinor() < 0 ? null : total.amountMinor();
        p.currency = total == null ? null : total.currency();
        p.paymentToken = reserved.paymentToken();
        p.shippingAddress = reserved.shippingAddress();
        p.deadline = reserved.deadline();
    }
}
