package dev.checkoutsaga.order.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.*;

/**
 * The saga rules of order-service, in one place. Plain Java: a pure function from (state, input) to
 * (new state, events to emit, timeline entries). Persistence, locking and publishing are the
 * caller's job.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li><b>Facts, not arrival order.</b> Each participant event records a fact; the status is derived
 * from all facts (see {@link #derive}). Forward progress is therefore commutative.</li>
 * <li><b>ShipmentScheduled implies the rest.</b> Shipping only books after PaymentCaptured, which
 * only follows StockReserved; so ShipmentScheduled completes the order whatever else has or has not
 * arrived yet, and the StockReserved/PaymentCaptured that arrive later change nothing.</li>
 * <li><b>One compensation protocol.</b> A failure event (StockRejected, PaymentDeclined,
 * ShipmentFailed), a customer cancel or the deadline, in an open (non-terminal, non-cancelling)
 * state, moves the order to CANCELLING and emits OrderCancellationRequested exactly once. Later
 * failures and cancels are no-ops.</li>
 * <li><b>While CANCELLING</b> forward events are recorded (timeline + fact) but change nothing:
 * the participants undo them when they settle.</li>
 * <li><b>Settlements</b> are recorded whenever they arrive, even before the cancellation was
 * requested (reordering). Once a cancellation is requested and all three are in, the order is
 * CANCELLED and OrderCancelled(reason, undone) is emitted exactly once.</li>
 * <li><b>Terminal states</b> ignore every participant event. A customer cancel of a COMPLETED order
 * is {@link Outcome#REFUSED}; of a CANCELLING/CANCELLED order it is an idempotent no-op.</li>
 * <li><b>Duplicates</b> (a fact already known) are ignored without a timeline entry.</li>
 * <li><b>A refund refused for good</b> (PaymentRefundFailed) is shown on the timeline and changes
 * nothing else: payment has not settled, so the order stays CANCELLING until an operator's retry
 * of the refund succeeds and PaymentSettled arrives.</li>
 * </ul>
 */
public final class OrderSaga {

    /** The service name shown on timeline entries this service causes. */
    public static final String SELF = "order-service";

    public enum Outcome {
        /** The state and/or timeline changed; persist it and emit {@link Step#emitted()}. */
        APPLIED,
        /** Nothing to do (duplicate, terminal state, cancel already requested). */
        IGNORED,
        /** The input is not allowed in this state (customer cancel of a COMPLETED order). */
        REFUSED
    }

    /** The result of feeding one input to the machine. */
    public record Step(SagaState before, SagaState after, List<SagaEvent> emitted, List<TimelineEntry> timeline,
            Outcome outcome) {

        public boolean applied() {
            return outcome == Outcome.APPLIED;
        }
    }

    private OrderSaga() {
    }

    /** A participant's event (inventory, payment or shipping). Own events (Order*) are ignored. */
    public static Step onEvent(SagaState state, SagaEvent event, String service, Instant at) {
        if (state.status().isTerminal()) {
            return ignored(state);
        }
        Transition t = new Transition(state, event.orderId(), at);
        String name = event.getClass().getSimpleName();
        switch (event) {
            case StockReserved e -> t.fact(state.stockReserved(), state.withStockReserved(), name, service,
                    lines(e.reserved()));
            case PaymentCaptured e -> t.fact(state.paymentCaptured(), state.withPaymentCaptured(), name, service,
                    e.amount() == null ? null : e.amount().amountMinor() + " " + e.amount().currency());
            case ShipmentScheduled e -> t.fact(state.shipmentScheduled(), state.withShipmentScheduled(), name, service,
                    e.carrier() + " " + e.trackingNumber());
            case StockRejected e -> t.failure(CancellationReason.OUT_OF_STOCK, name, service,
                    "short: " + String.join(", ", e.shortSkus() == null ? List.of() : e.shortSkus()));
            case PaymentDeclined e -> t.failure(CancellationReason.PAYMENT_DECLINED, name, service, e.reason());
            case ShipmentFailed e -> t.failure(CancellationReason.SHIPMENT_FAILED, name, service, e.reason());
            case InventorySettled e -> t.fact(state.inventorySettled(), state.withInventorySettled(e.released()), name,
                    service, e.released() == null || e.released().isEmpty() ? "nothing to release" : "released "
                            + lines(e.released()));
            case PaymentSettled e -> t.fact(state.paymentSettled(), state.withPaymentSettled(e.refunded()), name,
                    service, e.refunded() == null || e.refunded().amountMinor() == 0 ? "nothing to refund"
                            : "refunded " + e.refunded().amountMinor() + " " + e.refunded().currency());
            case PaymentRefundFailed e -> t.note(name, service, "refund of " + e.amount().amountMinor() + " "
                    + e.amount().currency() + " refused by the provider (" + e.reason()
                    + "): still charged, a person must act (docs/runbooks/refund-failed.md)");
            case ShippingSettled e -> t.fact(state.shippingSettled(), state.withShippingSettled(e.cancelledTrackingNumber()),
                    name, service, e.cancelledTrackingNumber() == null ? "nothing to cancel"
                            : "cancelled " + e.cancelledTrackingNumber());
            case OrderPlaced e -> t.ignore();
            case OrderCancellationRequested e -> t.ignore();
            case OrderCompleted e -> t.ignore();
            case OrderCancelled e -> t.ignore();
            case OrderPlacementDeferred e -> t.ignore();
        }
        return t.step();
    }

    /** The customer asked to cancel. REFUSED when COMPLETED; a no-op when already cancelling/cancelled. */
    public static Step cancelByCustomer(SagaState state, UUID orderId, Instant at) {
        if (state.status() == OrderStatus.COMPLETED) {
            return new Step(state, state, List.of(), List.of(), Outcome.REFUSED);
        }
        if (!state.status().isOpen()) {
            return ignored(state);
        }
        Transition t = new Transition(state, orderId, at);
        t.requestCancellation(CancellationReason.CUSTOMER_CANCELLED, "cancelled by the customer");
        return t.step();
    }

    /** The saga deadline passed: a cancellation like any other, for open orders only. */
    public static Step deadlinePassed(SagaState state, UUID orderId, Instant deadline, Instant at) {
        if (!state.status().isOpen()) {
            return ignored(state);
        }
        Transition t = new Transition(state, orderId, at);
        t.requestCancellation(CancellationReason.DEADLINE_PASSED, "deadline " + deadline + " passed");
        return t.step();
    }

    /**
     * The status the facts imply. A requested cancellation wins over forward progress (participants
     * undo what they did), except that nothing leaves COMPLETED: {@link #onEvent} never gets here for
     * a terminal order.
     */
    static OrderStatus derive(SagaState s) {
        if (s.cancellationRequested()) {
            return s.allSettled() ? OrderStatus.CANCELLED : OrderStatus.CANCELLING;
        }
        if (s.shipmentScheduled()) {
            return OrderStatus.COMPLETED;
        }
        if (s.paymentCaptured()) {
            return OrderStatus.PAID;
        }
        return s.stockReserved() ? OrderStatus.STOCK_RESERVED : OrderStatus.PENDING;
    }

    private static Step ignored(SagaState state) {
        return new Step(state, state, List.of(), List.of(), Outcome.IGNORED);
    }

    private static String lines(List<dev.checkoutsaga.events.StockLine> lines) {
        return lines == null ? "" : lines.stream().map(l -> l.sku() + " x" + l.quantity()).collect(Collectors.joining(", "));
    }

    /** Accumulates one input's effects. */
    private static final class Transition {
        private final SagaState before;
        private final UUID orderId;
        private final Instant at;
        private SagaState state;
        private final List<SagaEvent> emitted = new ArrayList<>();
        private final List<TimelineEntry> timeline = new ArrayList<>();

        Transition(SagaState state, UUID orderId, Instant at) {
            this.before = state;
            this.state = state;
            this.orderId = orderId;
            this.at = at;
        }

        /** Records a new fact (ignored if already known), then re-derives the status. */
        void fact(boolean alreadyKnown, SagaState withFact, String event, String service, String detail) {
            if (alreadyKnown) {
                return;
            }
            timeline.add(new TimelineEntry(event, at, service, detail));
            state = withFact;
            settleStatus();
        }

        /** A participant could not do its step: cancel, unless a cancellation is already under way. */
        void failure(CancellationReason reason, String event, String service, String detail) {
            if (state.cancellationRequested()) {
                return; // further failures are no-ops: the protocol already runs
            }
            timeline.add(new TimelineEntry(event, at, service, detail));
            requestCancellation(reason, detail);
        }

        void requestCancellation(CancellationReason reason, String detail) {
            state = state.withCancellation(reason, detail);
            emitted.add(new OrderCancellationRequested(orderId, reason, detail));
            timeline.add(new TimelineEntry("OrderCancellationRequested", at, SELF, reason.name()));
            // Settlements may already be in (reordering): this may complete the cancellation at once.
            settleStatus();
        }

        /** Shows something on the timeline that changes no fact (each delivery is one; the inbox drops redeliveries). */
        void note(String event, String service, String detail) {
            timeline.add(new TimelineEntry(event, at, service, detail));
        }

        void ignore() {
        }

        /** Applies the derived status and emits the terminal events on entering a terminal state. */
        private void settleStatus() {
            OrderStatus target = derive(state);
            if (target == state.status()) {
                return;
            }
            state = state.withStatus(target);
            if (target == OrderStatus.COMPLETED) {
                emitted.add(new OrderCompleted(orderId));
                timeline.add(new TimelineEntry("OrderCompleted", at, SELF, null));
            } else if (target == OrderStatus.CANCELLED) {
                List<String> undone = state.undone();
                emitted.add(new OrderCancelled(orderId, state.reason(), undone));
                timeline.add(new TimelineEntry("OrderCancelled", at, SELF,
                        state.reason() + (undone.isEmpty() ? "" : "; " + String.join("; ", undone))));
            }
        }

        Step step() {
            boolean changed = !timeline.isEmpty() || !state.equals(before);
            return new Step(before, state, List.copyOf(emitted), List.copyOf(timeline),
                    changed ? Outcome.APPLIED : Outcome.IGNORED);
        }
    }
}
