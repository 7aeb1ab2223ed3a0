package dev.checkoutsaga.order.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.CancellationReason;
import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent.OrderCancellationRequested;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.LogCapture;
import dev.checkoutsaga.testkit.Outages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With a 2 s saga deadline, an order nobody moves forward is cancelled with DEADLINE_PASSED. */
@QuarkusTest
@TestProfile(SagaDeadlineTest.ShortDeadline.class)
class SagaDeadlineTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("order.saga.deadline", "2s", "order.saga.deadline-check-interval", "1s");
        }
    }

    @Test
    void aPendingOrderPastItsDeadlineIsCancelledWithDeadlinePassed() {
        String traceParent = KafkaProbe.newTraceParent();
        UUID id = UUID.fromString(Orders.as(Orders.newCustomer()).contentType(ContentType.JSON).header("traceparent", traceParent)
                .body(Orders.body().toString()).when().post("/orders")
                .then().statusCode(202).extract().path("id"));
        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "CANCELLING".equals(Orders.status(id)));
            Orders.get(id).then().body("reason", equalTo("DEADLINE_PASSED"))
                    .body("timeline[-1].event", equalTo("OrderCancellationRequested"));
            var record = probe.await(id.toString(), EventType.ORDER_CANCELLATION_REQUESTED.ceType(), Duration.ofSeconds(30));
            var requested = (OrderCancellationRequested) EventCodec.fromJson(EventType.ORDER_CANCELLATION_REQUESTED,
                    record.value());
            assertEquals(CancellationReason.DEADLINE_PASSED, requested.reason());
            assertEquals(TraceContexts.traceIdOf(traceParent), TraceContexts.traceIdOf(KafkaProbe.header(record, "traceparent")),
                    "the deadline's cancellation joins the trace of the request that placed the order");
        }
    }

    /**
     * The deadline job's runs fail while PostgreSQL is down (each logs it and ends; nothing is retried
     * within a run): the orders that passed their deadline meanwhile are cancelled by the first run
     * after it is back, none is forgotten.
     */
    @Test
    void anOrderWhoseDeadlinePassesWhileTheDatabaseIsDownIsCancelledByTheFirstRunAfterIt() {
        UUID id = UUID.fromString(Orders.as(Orders.newCustomer()).contentType(ContentType.JSON)
                .body(Orders.body().toString()).when().post("/orders")
                .then().statusCode(202).extract().path("id"));
        try (LogCapture jobLog = LogCapture.of(SagaDeadlineJob.class)) {
            Outages.whilePostgresIsDown(() -> {
                // the 2 s deadline passes, and at least one run fails
                await().atMost(Duration.ofSeconds(30)).until(() -> !jobLog.startingWith("deadline check failed").isEmpty());
                return null;
            });
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "CANCELLING".equals(Orders.status(id)));
        Orders.get(id).then().body("reason", equalTo("DEADLINE_PASSED"));
    }
}
