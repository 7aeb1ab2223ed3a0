package dev.checkoutsaga.shipping;

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
@Order(5)
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
    void metricsExposeShipmentsByOutcome() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : new String[] { "scheduled", "failed", "cancelled", "tombstone" }) {
            org.hamcrest.MatcherAssert.assertThat(metrics,
                    containsString("shipping_shipments_total{outcome=\"" + outcome + "\""));
        }
    }
}
