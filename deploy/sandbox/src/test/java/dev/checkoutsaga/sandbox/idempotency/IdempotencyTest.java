package dev.checkoutsaga.sandbox.idempotency;

import static dev.checkoutsaga.sandbox.support.Api.charge;
import static dev.checkoutsaga.sandbox.support.Api.chargeBody;
import static dev.checkoutsaga.sandbox.support.Api.ledger;
import static dev.checkoutsaga.sandbox.support.Api.newKey;
import static dev.checkoutsaga.sandbox.support.Api.refundWithKey;
import static dev.checkoutsaga.sandbox.support.Api.ship;
import static dev.checkoutsaga.sandbox.support.Api.shipmentBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.sandbox.payments.Charge;
import dev.checkoutsaga.sandbox.payments.ChargeRequest;
import dev.checkoutsaga.sandbox.payments.PaymentProvider;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class IdempotencyTest {

    @TestHTTPResource("/v1/charges")
    URI chargesUri;
    @Inject
    Idempotency idempotency;

    @Test
    void aRepeatedKeyReplaysTheFirstStatusAndBodyByteForByteAndChargesOnce() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = chargeBody(orderId, 3998, "tok_visa");

        Response first = charge(key, body);
        first.then().statusCode(201).header(Idempotency.REPLAYED_HEADER, nullValue());
        Response second = charge(key, body);
        second.then().statusCode(201).header(Idempotency.REPLAYED_HEADER, "true");

        assertEquals(first.asString(), second.asString());
        ledger(orderId).then().body("charges.size()", equalTo(1)).body("captured", equalTo(3998));
    }

    @Test
    void aDeclineIsStoredAndReplayedAs402() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = chargeBody(orderId, 700, "tok_declined");
        Response first = charge(key, body);
        first.then().statusCode(402);
        Response second = charge(key, body);
        second.then().statusCode(402).header(Idempotency.REPLAYED_HEADER, "true");
        assertEquals(first.asString(), second.asString());
        ledger(orderId).then().body("charges.size()", equalTo(1));
    }

    @Test
    void theSameKeyWithADifferentBodyIs422AndExecutesNothing() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        charge(key, chargeBody(orderId, 1000, "tok_visa")).then().statusCode(201);
        charge(key, chargeBody(orderId, 2000, "tok_visa")).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", equalTo("Idempotency-Key reused with a different request body"))
                .body("errors.field", hasItem("Idempotency-Key"));
        ledger(orderId).then().body("charges.size()", equalTo(1)).body("captured", equalTo(1000));
    }

    @Test
    void aValidationFailureIsNotStoredSoACorrectedRetryWithTheSameKeyExecutes() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        charge(key, chargeBody(orderId, -5, "tok_visa")).then().statusCode(400);
        charge(key, chargeBody(orderId, 500, "tok_visa")).then()
                .statusCode(201)
                .header(Idempotency.REPLAYED_HEADER, nullValue())
                .body("amount", equalTo(500));
    }

    @Test
    void keysAreScopedPerEndpointPath() {
        UUID orderId = UUID.randomUUID();
        String key = newKey();
        charge(key, chargeBody(orderId, 500, "tok_visa")).then().statusCode(201);
        ship(key, shipmentBody(orderId, "SW1A 1AA")).then().statusCode(201).header(Idempotency.REPLAYED_HEADER, nullValue());
    }

    @Test
    void aRepeatedRefundKeyRefundsOnce() {
        UUID orderId = UUID.randomUUID();
        String chargeId = charge(orderId, 1000, "tok_visa").then().statusCode(201).extract().path("id");
        String key = newKey();
        String body = "{\"charge\": \"%s\", \"amount\": 400}".formatted(chargeId);
        Response first = refundWithKey(key, body);
        Response second = refundWithKey(key, body);
        first.then().statusCode(201);
        second.then().statusCode(201).header(Idempotency.REPLAYED_HEADER, "true");
        assertEquals(first.asString(), second.asString());
        ledger(orderId).then().body("refunded", equalTo(400)).body("net", equalTo(600));
    }

    /**
     * The first charge is held in flight (a wrapper around the real provider waits on a latch) until
     * the 49 others are parked waiting on its key; then it completes and they all replay its answer.
     */
    @Test
    void fiftyConcurrentIdenticalChargesWithOneKeyChargeOnceAndAllGetTheSameAnswer() {
        PaymentProvider real = ClientProxy.unwrap(Arc.container().instance(PaymentProvider.class).get());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger executions = new AtomicInteger();
        QuarkusMock.installMockForType(new PaymentProvider() {
            @Override
            public Charge charge(ChargeRequest request) {
                executions.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.charge(request);
            }
        }, PaymentProvider.class);

        UUID orderId = UUID.randomUUID();
        String key = newKey();
        String body = chargeBody(orderId, 2500, "tok_visa");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(chargesUri)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> idempotency.waiting() == 49);
        release.countDown();
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertEquals(1, executions.get(), "only one request executed");
        assertEquals(Set.of(201), responses.stream().map(HttpResponse::statusCode).collect(Collectors.toSet()));
        assertEquals(1, responses.stream().map(HttpResponse::body).distinct().count(), "50 identical bodies");
        assertEquals(49, responses.stream()
                .filter(r -> r.headers().firstValue(Idempotency.REPLAYED_HEADER).isPresent()).count());
        ledger(orderId).then()
                .body("charges.size()", equalTo(1))
                .body("charges[0].status", equalTo("succeeded"))
                .body("captured", equalTo(2500));
    }

    @Test
    void replaysAreCounted() {
        String key = newKey();
        String body = chargeBody(UUID.randomUUID(), 100, "tok_visa");
        charge(key, body);
        charge(key, body);
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("sandbox_idempotency_replays_total{endpoint=\"POST /v1/charges\""));
    }
}
