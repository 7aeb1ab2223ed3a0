package dev.checkoutsaga.order.client;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.order.support.Orders;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A budget for prices shorter than one attempt's timeout (%test: 700 ms per attempt, one retry):
 * with inventory hanging, the budget (600 ms, of which 300 ms are kept for the cache) cuts the one
 * call inventory gets and cancels it, and the budget is not retried, so inventory is asked once,
 * not twice. Without a cached price the order is a 503 and nothing is ordered.
 */
@QuarkusTest
@TestProfile(PriceBudgetTest.ShortBudget.class)
class PriceBudgetTest {

    public static class ShortBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("order.price-source.budget", "600ms");
        }
    }

    @Inject
    RedisDataSource redis;

    @AfterEach
    void inventoryAnswersAgain() {
        Orders.inventoryMode("ok");
    }

    @Test
    void theOrdersBudgetCutsAHangingInventoryCallAndIsNotRetried() {
        redis.key().del(PriceCache.key("SKU-3"));
        Orders.inventoryMode("hang");
        long before = Orders.inventoryRequests();

        ObjectNode body = Orders.body();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).removeAll();
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("items")).addObject().put("sku", "SKU-3").put("quantity", 1);
        String customer = Orders.newCustomer();
        Orders.post(customer, body).then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("nothing was ordered"));

        assertEquals(1, Orders.inventoryRequests() - before, "one call, cut by the budget, not retried");
        assertEquals(0, Orders.countFor(customer));
    }
}
