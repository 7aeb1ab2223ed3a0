package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.SagaEvent.OrderPlaced;
import dev.checkoutsaga.events.Topics;
import dev.checkoutsaga.order.client.PriceCache;
import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.outbox.TraceContexts;
import dev.checkoutsaga.sealing.PaymentTokens;
import dev.checkoutsaga.sealing.UnreadableSealException;
import dev.checkoutsaga.testkit.KafkaProbe;
import dev.checkoutsaga.testkit.RedisService;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestPaymentTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

@QuarkusTest
class OrderPlacementTest {

    @Inject
    RedisDataSource redis;

    @Test
    void placingAnOrderAnswers202WithLocationAndPricesFromInventoryAndEmitsOrderPlacedInTheCallersTrace() {
        String customer = Orders.newCustomer();
        String traceParent = KafkaProbe.newTraceParent();

        try (KafkaProbe probe = KafkaProbe.subscribe(Orders.bootstrap(), Topics.ORDERS)) {
            var response = Orders.as(customer).contentType(ContentType.JSON).header("traceparent", traceParent)
                    .body(Orders.body().toString())
                    .when().post("/orders")
                    .then().statusCode(202)
                    .contentType(ContentType.JSON)
                    .body("status", equalTo("PENDING"))
                    .body("customerId", equalTo(customer))
                    .body("total.amount", equalTo(2 * 1999 + 500))
                    .body("total.currency", equalTo("EUR"))
                    .extract();
            UUID id = UUID.fromString(response.path("id"));
            assertEquals("/orders/" + id, response.header("Location"));

            Orders.get(id).then().statusCode(200)
                    .body("status", equalTo("PENDING"))
                    .body("reason", equalTo(null))
                    .body("items", hasSize(2))
                    .body("items[0].sku", equalTo("SKU-1"))
                    .body("items[0].quantity", equalTo(2))
                    .body("items[0].unitPrice.amount", equalTo(1999))
                    .body("items[0].unitPrice.currency", equalTo("EUR"))
                    .body("items[1].unitPrice.amount", equalTo(500))
                    .body("total.amount", equalTo(4498))
                    .body("timeline", hasSize(1))
                    .body("timeline[0].event", equalTo("OrderPlaced"))
                    .body("timeline[0].service", equalTo("order-service"))
                    .body("paymentTokenHint", equalTo("****"));

            ConsumerRecord<String, byte[]> record = probe.await(id.toString(), EventType.ORDER_PLACED.ceType(),
                    Duration.ofSeconds(30));
            OrderPlaced placed = (OrderPlaced) EventCodec.fromJson(EventType.ORDER_PLACED, record.value());
            assertEquals(new Money(4498, "EUR"), placed.total());
            // the token travels in the event (not in the order table), sealed for payment-service and this order only
            assertFalse(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8).contains("tok_visa"),
                    "no clear card token on the topic");
            assertEquals("tok_visa", new PaymentTokens(TestPaymentTokens.RING).open(id, placed.paymentToken()));
            assertThrows(UnreadableSealException.class,
                    () -> new PaymentTokens(TestPaymentTokens.RING).open(UUID.randomUUID(), placed.paymentToken()));
            assertEquals(2, placed.items().size());
            assertEquals("GB", placed.shippingAddress().country());
            assertFalse(placed.deadline().isBefore(java.time.Instant.now().plusSeconds(60)), "default deadline is minutes away");
            assertEquals(TraceContexts.traceIdOf(traceParent),
                    TraceContexts.traceIdOf(KafkaProbe.header(record, "traceparent")),
                    "the caller's trace crosses the outbox and Kafka");
        }
    }

    @Test
    void anOrderIsAcceptedWhileRedisIsDown() {
        RedisService redisServer = TestInfra.get().redis();
        redisServer.stop();
        try {
            UUID id = Orders.place(Orders.newCustomer());
            assertEquals("PENDING", Orders.status(id));
        } finally {
            redisServer.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void fetchedPricesAreCachedInRedisForTheLaterFallback() {
        Orders.place(Orders.newCustomer());
        assertEquals("1999 EUR", redis.value(String.class).get(PriceCache.key("SKU-1")));
        long ttl = redis.key().ttl(PriceCache.key("SKU-1"));
        assertEquals(true, ttl > 0 && ttl <= 600, "TTL from order.price-cache.ttl, was " + ttl);
    }
}
