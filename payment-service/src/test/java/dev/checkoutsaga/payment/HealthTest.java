package dev.checkoutsaga.payment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Order;

import dev.checkoutsaga.testkit.Outages;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@Order(4)
class HealthTest {

    @Test
    void readinessIsUpAndChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Database connections health check", // JDBC (Agroal)
                        "Reactive PostgreSQL connections health check"));
    }

    /** Without Redis everything works, without Kafka the API works: neither may take the pod out of the Service. */
    @Test
    void readinessStaysUpWhileRedisOrKafkaIsDown() {
        assertEquals(200, Outages.whileRedisIsDown(() -> given().get("/q/health/ready").statusCode()));
        assertEquals(200, Outages.whileKafkaIsDown(() -> given().get("/q/health/ready").statusCode()));
    }

    /** Without PostgreSQL nothing can be served: out of the Service until it is back. */
    @Test
    void readinessIsDownWhilePostgresIsDown() {
        assertEquals(503, Outages.whilePostgresIsDown(() -> given().get("/q/health/ready").statusCode()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountPaymentsByOutcome() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("payment_payments_total{outcome=\"captured\"}"))
                .body(containsString("payment_payments_total{outcome=\"declined\"}"))
                .body(containsString("payment_payments_total{outcome=\"refunded\"}"))
                .body(containsString("payment_payments_total{outcome=\"tombstone\"}"))
                .body(containsString("saga_steps_pending"));
    }
}
