package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.Outages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The toggle order.degradation.deferred-writes=false: with the database down an order is refused, never deferred. */
@QuarkusTest
@TestProfile(DeferredWritesOffTest.Off.class)
class DeferredWritesOffTest {

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("order.degradation.deferred-writes", "false");
        }
    }

    @Test
    void withDeferredWritesOffAnOrderIsRefusedWith503WhileTheDatabaseIsDown() {
        String customer = Orders.newCustomer();
        Outages.whilePostgresIsDown(() -> Orders.as(customer).contentType(ContentType.JSON).body(Orders.body().toString())
                .when().post("/orders")
                .then().statusCode(503).header("Retry-After", "2").contentType("application/problem+json")
                .body("detail", containsString("the order database is unavailable")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Orders.as(customer).get("/orders").statusCode() == 200);
        assertEquals(0, Orders.countFor(customer), "nothing was accepted, so nothing is written later");
    }
}
