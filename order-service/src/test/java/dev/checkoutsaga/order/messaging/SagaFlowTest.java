package dev.checkoutsaga.order.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.*;
import dev.checkoutsaga.events.StockLine;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.PrometheusText;
import dev.checkoutsaga.testkit.ServiceDatabase;
import io.quarkus.test.junit.QuarkusTest;

/** The saga as participants drive it over Kafka, and the customer's cancel over REST. */
@QuarkusTest
class SagaFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Money TOTAL = new Money(4498, "EUR");

    @Test
    void stockPaymentAndShipmentCompleteTheOrderOnceAndARedeliveryChangesNothing() {
        UUID id = Orders.place(Orders.newCustomer());
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            Orders.publish(new StockReserved(id, List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1)), TOTAL,
                    "tok_visa", null));
            awaitStatus(id, "STOCK_RESERVED");
            UUID paymentEvent = Orders.publish(new PaymentCaptured(id, UUID.randomUUID(), TOTAL, null));
            awaitStatus(id, "PAID");
            Orders.publish(new ShipmentScheduled(id, UUID.randomUUID(), "ACME", "TRK-42"));
            awaitStatus(id, "COMPLETED");

            Orders.get(id).then().body("timeline.event",
                    contains("OrderPlaced", "StockReserved", "PaymentCaptured", "ShipmentScheduled", "OrderCompleted"))
                    .body("timeline.service", contains("order-service", "inventory-service", "payment-service",
                            "shipping-service", "order-service"));
            int timeline = Orders.timelineLength(id);

            probe.await(id.toString(), EventType.ORDER_COMPLETED.ceType(), WAIT);

            // Redelivery of the same event id: the inbox drops it (visible in its metric), nothing changes.
            double duplicatesBefore = duplicatesSkipped("PaymentCaptured");
            Orders.publish(new PaymentCaptured(id, UUID.randomUUID(), TOTAL, null), paymentEvent);
            await().atMost(WAIT).until(() -> duplicatesSkipped("PaymentCaptured") > duplicatesBefore);
            assertEquals(timeline, Orders.timelineLength(id));
            assertEquals("COMPLETED", Orders.status(id));

            long completed = probe.recordsFor(id.toString(), Duration.ofSeconds(1)).stream()
                    .filter(r -> EventType.ORDER_COMPLETED.ceType().equals(KafkaProbe.header(r, "ce_type"))).count();
            assertEquals(1, completed, "OrderCompleted is emitted exactly once");
            given().when().get("/q/metrics").then()
                    .body(containsString("saga_step_duration_seconds_count{step=\"Completed\""))
                    .body(containsString("saga_step_duration_seconds_count{step=\"StockReserved\""));
        }
    }

    @Test
    void stockRejectedCancelsTheOrderAndTheSettlementsInAnyOrderFinishTheCancellationOnce() {
        UUID id = Orders.place(Orders.newCustomer());
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            Orders.publish(new StockRejected(id, List.of("SKU-1")));
            awaitStatus(id, "CANCELLING");
            var requested = (OrderCancellationRequested) EventCodec.fromJson(EventType.ORDER_CANCELLATION_REQUESTED,
                    probe.await(id.toString(), EventType.ORDER_CANCELLATION_REQUESTED.ceType(), WAIT).value());
            assertEquals(CancellationReason.OUT_OF_STOCK, requested.reason());

            // scrambled: shipping, payment, inventory (each tombstone: nothing had been done)
            Orders.publish(new ShippingSettled(id, null));
            Orders.publish(new PaymentSettled(id, Money.zero("EUR")));
            Orders.publish(new InventorySettled(id, List.of()));
            awaitStatus(id, "CANCELLED");
            Orders.get(id).then().body("reason", equalTo("OUT_OF_STOCK"))
                    .body("undone", equalTo(List.of()))
                    .body("timeline.event", hasItems("StockRejected", "OrderCancellationRequested", "ShippingSettled",
                            "PaymentSettled", "InventorySettled", "OrderCancelled"));

            var cancelled = (OrderCancelled) EventCodec.fromJson(EventType.ORDER_CANCELLED,
                    probe.await(id.toString(), EventType.ORDER_CANCELLED.ceType(), WAIT).value());
            assertEquals(CancellationReason.OUT_OF_STOCK, cancelled.reason());
            assertEquals(1, count(probe, id, EventType.ORDER_CANCELLED));
            assertEquals(1, count(probe, id, EventType.ORDER_CANCELLATION_REQUESTED));
            given().when().get("/q/metrics").then()
                    .body(containsString("saga_cancellations_total{reason=\"OUT_OF_STOCK\""));
        }
    }

    @Test
    void aCustomerCancelOfAPaidOrderIsAcceptedOnceAndListsWhatTheParticipantsUndid() {
        UUID id = Orders.place(Orders.newCustomer());
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            Orders.publish(new StockReserved(id, List.of(new StockLine("SKU-1", 2)), TOTAL, "tok_visa", null));
            Orders.publish(new PaymentCaptured(id, UUID.randomUUID(), TOTAL, null));
            awaitStatus(id, "PAID");

            Orders.backOffice().when().post("/orders/" + id + "/cancel").then().statusCode(202)
                    .body("status", equalTo("CANCELLING")).body("reason", equalTo("CUSTOMER_CANCELLED"));
            var requested = (OrderCancellationRequested) EventCodec.fromJson(EventType.ORDER_CANCELLATION_REQUESTED,
                    probe.await(id.toString(), EventType.ORDER_CANCELLATION_REQUESTED.ceType(), WAIT).value());
            assertEquals(CancellationReason.CUSTOMER_CANCELLED, requested.reason());

            // cancelling again is an idempotent no-op
            Orders.backOffice().when().post("/orders/" + id + "/cancel").then().statusCode(202).body("status", equalTo("CANCELLING"));

            Orders.publish(new PaymentSettled(id, TOTAL));
            Orders.publish(new InventorySettled(id, List.of(new StockLine("SKU-1", 2))));
            Orders.publish(new ShippingSettled(id, null));
            awaitStatus(id, "CANCELLED");
            Orders.get(id).then().body("undone", contains("stock released: SKU-1 x2", "payment refunded: 4498 EUR"));
            Orders.backOffice().when().post("/orders/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));

            probe.await(id.toString(), EventType.ORDER_CANCELLED.ceType(), WAIT);
            assertEquals(1, count(probe, id, EventType.ORDER_CANCELLATION_REQUESTED));
        }
    }

    @Test
    void anEventOnATopicItsTypeDoesNotBelongToIsNeverAppliedAndGoesToTheDeadLetterTopic() {
        UUID id = Orders.place(Orders.newCustomer());
        UUID forged = UUID.randomUUID();
        try (KafkaProbe dlq = KafkaProbe.subscribe(Orders.bootstrap(), "checkout.dlq.order-service")) {
            // a PaymentCaptured written to the inventory topic (whoever could write there cannot pay an order)
            KafkaProbe.publish(Orders.bootstrap(), Topics.INVENTORY, id.toString(), EventType.PAYMENT_CAPTURED.ceType(), forged,
                    dev.checkoutsaga.events.EventCodec.toJson(new PaymentCaptured(id, UUID.randomUUID(), new Money(4498, "EUR"),
                            new dev.checkoutsaga.events.ShippingAddress("X", "1 St", null, "City", "1", "GB"))), null);
            assertTrue(dlq.awaitMatching(r -> forged.toString().equals(KafkaProbe.header(r, "ce_id")), Duration.ofSeconds(30))
                    .isPresent(), "dead-lettered");
        }
        assertEquals("PENDING", Orders.status(id));
        Orders.backOffice().get("/q/metrics").then().body(containsString("saga_inbox_events_misplaced_total"));
    }

    @Test
    void cancellingACompletedOrderIsAConflictAndAnUnknownOrderIsNotFound() {
        UUID id = Orders.place(Orders.newCustomer());
        Orders.publish(new ShipmentScheduled(id, UUID.randomUUID(), "ACME", "TRK-7"));
        awaitStatus(id, "COMPLETED");

        Orders.backOffice().when().post("/orders/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
        assertEquals("COMPLETED", Orders.status(id));

        Orders.backOffice().when().post("/orders/" + UUID.randomUUID() + "/cancel").then().statusCode(404)
                .contentType("application/problem+json");
        Orders.backOffice().when().get("/orders/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        Orders.backOffice().when().get("/orders/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * The inbox retries a transaction that failed at its commit (here: a serialization failure, raised
     * once by a deferred trigger when the transaction commits, after the handler ran). The order's
     * metrics count what committed, once, as in every service: never the rolled-back attempt too.
     */
    @Test
    void anEventWhoseTransactionFailsAtCommitAndIsRetriedIsCountedOnce() {
        UUID id = Orders.place(Orders.newCustomer());
        double before = PrometheusText.scrape("saga_step_duration_seconds_count", "step=\"StockReserved\"");
        ServiceDatabase.update("create sequence count_once_test");
        ServiceDatabase.update("create function count_once_test() returns trigger language plpgsql as $$ begin "
                + "if nextval('count_once_test') = 1 then "
                + "raise exception 'serialization failure (test)' using errcode = '40001'; end if; return new; end $$");
        ServiceDatabase.update("create constraint trigger count_once_test after insert on order_timeline "
                + "deferrable initially deferred for each row when (new.order_id = '" + id + "') "
                + "execute function count_once_test()");
        try {
            Orders.publish(new StockReserved(id, List.of(new StockLine("SKU-1", 2)), TOTAL, "tok_visa", null));
            awaitStatus(id, "STOCK_RESERVED");
            assertEquals(2, ServiceDatabase.queryLong("select last_value from count_once_test"),
                    "the first commit failed and the handling was retried");
            await().atMost(WAIT).until(() -> PrometheusText.scrape("saga_step_duration_seconds_count",
                    "step=\"StockReserved\"") >= before + 1);
            assertEquals(before + 1, PrometheusText.scrape("saga_step_duration_seconds_count", "step=\"StockReserved\""));
        } finally {
            ServiceDatabase.update("drop trigger count_once_test on order_timeline");
            ServiceDatabase.update("drop function count_once_test()");
            ServiceDatabase.update("drop sequence count_once_test");
        }
    }

    static void awaitStatus(UUID id, String status) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(Orders.status(id)));
    }

    private static long count(KafkaProbe probe, UUID id, EventType type) {
        return probe.recordsFor(id.toString(), Duration.ofSeconds(1)).stream()
                .filter(r -> type.ceType().equals(KafkaProbe.header(r, "ce_type"))).count();
    }

    /** saga_inbox_duplicates_skipped_total for order-service and one event type, from /q/metrics. */
    private static double duplicatesSkipped(String eventType) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("saga_inbox_duplicates_skipped_total\\{[^}]*event_type=\"" + eventType
                + "\"[^}]*} ([0-9.eE+-]+)").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
