package dev.checkoutsaga.order.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;

import io.quarkus.test.junit.QuarkusTest;

/** What operators rely on: health with real dependency checks, saga metrics, the API description. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessIsUpAndReportsTheDatabaseRedisAndKafka() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.startsWith('order API') }.data.PostgreSQL", equalTo("UP"))
                .body("checks.find { it.name.startsWith('order API') }.data.Redis", equalTo("UP"))
                .body("checks.find { it.name.startsWith('order API') }.data.Kafka", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsShowOrdersByStateAndTheOutbox() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("saga_orders{"))
                .body(containsString("state=\"PENDING\""))
                .body(containsString("saga_outbox_backlog"));
    }

    @Test
    void theOrdersByStateGaugeIsRefreshedFromTheDatabase() {
        Orders.place(Orders.newCustomer());
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge("PENDING") >= 1);
    }

    private static double gauge(String state) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("saga_orders\\{[^}]*state=\"" + state + "\"[^}]*} ([0-9.eE+-]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void theOpenApiDocumentDescribesTheOrderApi() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/orders/{id}/cancel"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
