package dev.checkoutsaga.order.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.events.SagaEvent.*;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.order.domain.OrderSaga.Outcome;
import dev.checkoutsaga.order.domain.OrderSaga.Step;

/** The saga rules, without Quarkus: every arrival order around a cancellation gives the protocol's outcome. */
class OrderSagaTest {
    private static final UUID ORDER = UUID.fromString("00000000-0000-0000-0000-000000000042");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money TOTAL = new Money(3998, "EUR");

    /** One input to the machine, named for readable parameterized test names. */
    record Input(String name, java.util.function.BiFunction<SagaState, Instant, Step> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Input event(SagaEvent e, String service) {
        return new Input(e.getClass().getSimpleName(), (s, at) -> OrderSaga.onEvent(s, e, service, at));
    }

    static final Input STOCK_RESERVED = event(new StockReserved(ORDER, List.of(new StockLine("SKU-1", 2)), TOTAL, "tok", null),
            "inventory-service");
    static final Input PAYMENT_CAPTURED = event(new PaymentCaptured(ORDER, UUID.randomUUID(), TOTAL, null), "payment-service");
    static final Input SHIPMENT_SCHEDULED = event(new ShipmentScheduled(ORDER, UUID.randomUUID(), "ACME", "TRK-1"),
            "shipping-service");
    static final Input STOCK_REJECTED = event(new StockRejected(ORDER, List.of("SKU-1")), "inventory-service");
    static final Input PAYMENT_DECLINED = event(new PaymentDeclined(ORDER, UUID.randomUUID(), "card declined"),
            "payment-service");
    static final Input SHIPMENT_FAILED = event(new ShipmentFailed(ORDER, "address not deliverable"), "shipping-service");
    static final Input CUSTOMER_CANCEL = new Input("CustomerCancel", (s, at) -> OrderSaga.cancelByCustomer(s, ORDER, at));
    static final Input DEADLINE = new Input("DeadlinePassed", (s, at) -> OrderSaga.deadlinePassed(s, ORDER, NOW, at));
    static final Input INVENTORY_SETTLED = event(new InventorySettled(ORDER, List.of(new StockLine("SKU-1", 2))),
            "inventory-service");
    static final Input PAYMENT_SETTLED = event(new PaymentSettled(ORDER, TOTAL), "payment-service");
    static final Input SHIPPING_SETTLED = event(new ShippingSettled(ORDER, "TRK-1"), "shipping-service");

    static final List<String> ALL_UNDONE = List.of("stock released: SKU-1 x2", "payment refunded: 3998 EUR",
            "shipment cancelled: TRK-1");

    /** Final state and every event emitted along the way. */
    record Run(SagaState state, List<SagaEvent> emitted, int timelineEntries) {
    }

    static Run run(List<Input> inputs) {
        SagaState s = SagaState.placed();
        List<SagaEvent> emitted = new ArrayList<>();
        int timeline = 0;
        for (Input in : inputs) {
            Step step = in.apply().apply(s, NOW);
            s = step.after();
            emitted.addAll(step.emitted());
            timeline += step.timeline().size();
        }
        return new Run(s, emitted, timeline);
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                result.add(p);
            }
        }
        return result;
    }

    static Stream<Arguments> cancellationSources() {
        return Stream.of(
                Arguments.of(STOCK_REJECTED, CancellationReason.OUT_OF_STOCK),
                Arguments.of(PAYMENT_DECLINED, CancellationReason.PAYMENT_DECLINED),
                Arguments.of(SHIPMENT_FAILED, CancellationReason.SHIPMENT_FAILED),
                Arguments.of(CUSTOMER_CANCEL, CancellationReason.CUSTOMER_CANCELLED),
                Arguments.of(DEADLINE, CancellationReason.DEADLINE_PASSED));
    }

    /** StockReserved / PaymentCaptured with each cancellation source, in both orders. */
    static Stream<Arguments> undoableStepAndCancellation() {
        return Stream.of(STOCK_RESERVED, PAYMENT_CAPTURED).flatMap(step -> cancellationSources()
                .flatMap(c -> Stream.of(
                        Arguments.of(List.of(step, c.get()[0]), c.get()[1]),
                        Arguments.of(List.of(c.get()[0], step), c.get()[1]))));
    }

    @ParameterizedTest(name = "{0} -> CANCELLING({1})")
    @MethodSource("undoableStepAndCancellation")
    void aForwardStepAndACancellationGiveTheSameCancellationWhicheverComesFirst(List<Input> order,
            CancellationReason reason) {
        Run r = run(order);
        assertEquals(OrderStatus.CANCELLING, r.state().status());
        assertEquals(reason, r.state().reason());
        assertEquals(List.of(new OrderCancellationRequested(ORDER, reason, r.state().reasonDetail())), r.emitted());

        Run settled = run(concat(order, List.of(INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED)));
        assertEquals(OrderStatus.CANCELLED, settled.state().status());
        assertEquals(new OrderCancelled(ORDER, reason, ALL_UNDONE), settled.emitted().get(1));
        assertEquals(2, settled.emitted().size());
    }

    /** ShipmentScheduled implies payment and stock: before a cancellation it completes the order for good. */
    @ParameterizedTest(name = "ShipmentScheduled then {0} -> COMPLETED")
    @MethodSource("cancellationSources")
    void aShipmentBeforeACancellationCompletesTheOrderAndTheCancellationChangesNothing(Input cancellation,
            CancellationReason reason) {
        Run r = run(List.of(SHIPMENT_SCHEDULED, cancellation));
        assertEquals(OrderStatus.COMPLETED, r.state().status());
        assertEquals(null, r.state().reason());
        assertEquals(List.of(new OrderCompleted(ORDER)), r.emitted());
    }

    /** A cancellation first: the shipment that arrives later is recorded, and shipping cancels it when it settles. */
    @ParameterizedTest(name = "{0} then ShipmentScheduled -> CANCELLING")
    @MethodSource("cancellationSources")
    void aShipmentAfterACancellationIsRecordedButTheOrderStillCancels(Input cancellation, CancellationReason reason) {
        Run r = run(List.of(cancellation, SHIPMENT_SCHEDULED));
        assertEquals(OrderStatus.CANCELLING, r.state().status());
        assertTrue(r.state().shipmentScheduled());
        assertEquals(1, r.emitted().size());
        assertEquals(reason, ((OrderCancellationRequested) r.emitted().get(0)).reason());
        int failureEvent = cancellation == CUSTOMER_CANCEL || cancellation == DEADLINE ? 0 : 1;
        assertEquals(2 + failureEvent, r.timelineEntries(),
                "(the failure event +) the cancellation request + the recorded shipment");
    }

    static Stream<List<Input>> forwardPermutations() {
        return permutations(List.of(STOCK_RESERVED, PAYMENT_CAPTURED, SHIPMENT_SCHEDULED)).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forwardPermutations")
    void forwardStepsInAnyOrderCompleteTheOrderOnce(List<Input> order) {
        Run r = run(order);
        assertEquals(OrderStatus.COMPLETED, r.state().status());
        assertEquals(List.of(new OrderCompleted(ORDER)), r.emitted());
    }

    static Stream<List<Input>> settlementPermutations() {
        return permutations(List.of(INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED)).stream();
    }

    @ParameterizedTest(name = "StockRejected, {0}")
    @MethodSource("settlementPermutations")
    void settlementsInAnyOrderCancelTheOrderOnceWithTheSameUndoneList(List<Input> settlements) {
        Run r = run(concat(List.of(STOCK_RESERVED, PAYMENT_CAPTURED, STOCK_REJECTED), settlements));
        assertEquals(OrderStatus.CANCELLED, r.state().status());
        assertEquals(List.of(new OrderCancellationRequested(ORDER, CancellationReason.OUT_OF_STOCK, "short: SKU-1"),
                new OrderCancelled(ORDER, CancellationReason.OUT_OF_STOCK, ALL_UNDONE)), r.emitted());
    }

    /** The cancellation request anywhere among the settlements (reordering): 24 orders, one outcome. */
    static Stream<List<Input>> cancellationAmongSettlements() {
        return permutations(List.of(CUSTOMER_CANCEL, INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED)).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cancellationAmongSettlements")
    void settlementsArrivingBeforeTheCancellationRequestAreCounted(List<Input> order) {
        Run r = run(order);
        assertEquals(OrderStatus.CANCELLED, r.state().status());
        assertEquals(List.of(new OrderCancellationRequested(ORDER, CancellationReason.CUSTOMER_CANCELLED,
                "cancelled by the customer"), new OrderCancelled(ORDER, CancellationReason.CUSTOMER_CANCELLED, ALL_UNDONE)),
                r.emitted());
    }

    /** Every input delivered twice (a re-emitted event with a new id) gives the same result as once. */
    static Stream<List<Input>> histories() {
        return Stream.of(
                List.of(STOCK_RESERVED, PAYMENT_CAPTURED, SHIPMENT_SCHEDULED),
                List.of(STOCK_RESERVED, PAYMENT_DECLINED, INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED),
                List.of(CUSTOMER_CANCEL, STOCK_RESERVED, SHIPPING_SETTLED, INVENTORY_SETTLED, PAYMENT_SETTLED),
                List.of(SHIPMENT_FAILED, STOCK_REJECTED, INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void duplicatesChangeNothing(List<Input> history) {
        List<Input> doubled = new ArrayList<>();
        history.forEach(i -> {
            doubled.add(i);
            doubled.add(i);
        });
        Run once = run(history);
        Run twice = run(doubled);
        assertEquals(once.state(), twice.state());
        assertEquals(once.emitted(), twice.emitted());
        assertEquals(once.timelineEntries(), twice.timelineEntries());
    }

    @Test
    void aRefundRefusedForGoodShowsOnTheTimelineAndKeepsTheOrderCancellingUntilThePaymentSettles() {
        Input refundFailed = event(new PaymentRefundFailed(ORDER, UUID.randomUUID(), TOTAL, "provider answered 404"),
                "payment-service");
        SagaState cancelling = run(List.of(STOCK_RESERVED, PAYMENT_CAPTURED, CUSTOMER_CANCEL, INVENTORY_SETTLED,
                SHIPPING_SETTLED)).state();

        Step step = refundFailed.apply().apply(cancelling, NOW);
        assertEquals(Outcome.APPLIED, step.outcome());
        assertEquals(OrderStatus.CANCELLING, step.after().status(), "payment has not settled: never CANCELLED");
        assertTrue(step.emitted().isEmpty());
        assertEquals(1, step.timeline().size());
        assertTrue(step.timeline().get(0).detail().contains("3998 EUR refused by the provider (provider answered 404)"),
                step.timeline().get(0).detail());

        // an operator's retry of the refund succeeds: PaymentSettled ends the cancellation
        Step settled = PAYMENT_SETTLED.apply().apply(step.after(), NOW);
        assertEquals(OrderStatus.CANCELLED, settled.after().status());
    }

    @Test
    void customerCancelOfACompletedOrderIsRefused() {
        SagaState completed = run(List.of(SHIPMENT_SCHEDULED)).state();
        Step step = OrderSaga.cancelByCustomer(completed, ORDER, NOW);
        assertEquals(Outcome.REFUSED, step.outcome());
        assertEquals(completed, step.after());
        assertTrue(step.emitted().isEmpty());
    }

    @Test
    void customerCancelOfACancellingOrCancelledOrderIsAnIdempotentNoOp() {
        SagaState cancelling = run(List.of(CUSTOMER_CANCEL)).state();
        assertEquals(Outcome.IGNORED, OrderSaga.cancelByCustomer(cancelling, ORDER, NOW).outcome());
        SagaState cancelled = run(List.of(CUSTOMER_CANCEL, INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED)).state();
        assertEquals(Outcome.IGNORED, OrderSaga.cancelByCustomer(cancelled, ORDER, NOW).outcome());
    }

    @Test
    void aForwardEventOnACancelledOrderIsANoOp() {
        SagaState cancelled = run(List.of(STOCK_REJECTED, INVENTORY_SETTLED, PAYMENT_SETTLED, SHIPPING_SETTLED)).state();
        Step step = SHIPMENT_SCHEDULED.apply().apply(cancelled, NOW);
        assertEquals(Outcome.IGNORED, step.outcome());
        assertEquals(cancelled, step.after());
    }

    @Test
    void furtherFailuresWhileCancellingAreNoOps() {
        Run r = run(List.of(STOCK_REJECTED, PAYMENT_DECLINED, SHIPMENT_FAILED, CUSTOMER_CANCEL, DEADLINE));
        assertEquals(CancellationReason.OUT_OF_STOCK, r.state().reason());
        assertEquals(1, r.emitted().size());
    }

    @Test
    void theDeadlineOnlyCancelsOpenOrders() {
        assertEquals(Outcome.IGNORED, DEADLINE.apply().apply(run(List.of(SHIPMENT_SCHEDULED)).state(), NOW).outcome());
        assertEquals(OrderStatus.CANCELLING, run(List.of(STOCK_RESERVED, PAYMENT_CAPTURED, DEADLINE)).state().status());
    }

    @Test
    void tombstoneSettlementsUndoNothing() {
        Run r = run(List.of(STOCK_REJECTED, event(new InventorySettled(ORDER, List.of()), "inventory-service"),
                event(new PaymentSettled(ORDER, Money.zero("EUR")), "payment-service"),
                event(new ShippingSettled(ORDER, null), "shipping-service")));
        assertEquals(OrderStatus.CANCELLED, r.state().status());
        assertEquals(new OrderCancelled(ORDER, CancellationReason.OUT_OF_STOCK, List.of()), r.emitted().get(1));
    }

    @Test
    void everyTransitionAppendsATimelineEntry() {
        Step placedToReserved = STOCK_RESERVED.apply().apply(SagaState.placed(), NOW);
        assertEquals(List.of(new TimelineEntry("StockReserved", NOW, "inventory-service", "SKU-1 x2")),
                placedToReserved.timeline());
        Step rejected = STOCK_REJECTED.apply().apply(SagaState.placed(), NOW);
        assertEquals(List.of("StockRejected", "OrderCancellationRequested"),
                rejected.timeline().stream().map(TimelineEntry::event).toList());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
