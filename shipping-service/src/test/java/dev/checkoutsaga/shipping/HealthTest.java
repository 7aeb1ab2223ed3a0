package dev.checkoutsaga.shipping;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.testkit.ParticipantReadinessTests;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@Order(5)
class HealthTest implements ParticipantReadinessTests {

    @Test
    void readinessIsUpAndChecksTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(
                        "Database connections health check", // JDBC (Agroal)
                        "Reactive PostgreSQL connections health check"));
    }

    @Override
    public int readinessStatus() {
        return given().get("/q/health/ready").statusCode();
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
