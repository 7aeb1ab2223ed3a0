package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /orders: newest first, cursor pages without duplicates or gaps, filters, and bad parameters. */
@QuarkusTest
class OrderListingTest {

    @Test
    void cursorPagesListEveryOrderOfACustomerOnceNewestFirst() {
        String customer = Orders.newCustomer();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placed.add(Orders.place(customer).toString());
        }
        Orders.place(Orders.newCustomer()); // another customer's order never shows up

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = Orders.as(customer).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/orders").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            seen.addAll(ids);
            pageSizes.add(ids.size());
            cursor = page.getString("nextCursor");
        } while (cursor != null);

        assertEquals(List.of(2, 2, 1), pageSizes);
        assertEquals(placed.reversed(), seen, "newest first, no duplicates, no gaps");
    }

    @Test
    void filtersByStatus() {
        String customer = Orders.newCustomer();
        UUID kept = Orders.place(customer);
        UUID cancelled = Orders.place(customer);
        Orders.backOffice().when().post("/orders/" + cancelled + "/cancel").then().statusCode(202);

        Orders.as(customer).queryParam("status", "CANCELLING").when().get("/orders")
                .then().statusCode(200)
                .body("items.id", equalTo(List.of(cancelled.toString())))
                .body("items[0].status", equalTo("CANCELLING"))
                .body("items[0].total.amount", equalTo(4498))
                .body("nextCursor", equalTo(null));
        Orders.as(customer).queryParam("status", "PENDING").when().get("/orders")
                .then().statusCode(200).body("items.id", equalTo(List.of(kept.toString())));
    }

    @Test
    void theLastPageHasNoNextCursor() {
        String customer = Orders.newCustomer();
        Orders.place(customer);
        JsonPath page = Orders.as(customer).when().get("/orders").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, page.getList("items").size());
        assertNull(page.getString("nextCursor"));
    }

    @Test
    void rejectsABadStatusCursorOrLimitNamingTheParameter() {
        Orders.as(Orders.newCustomer()).queryParam("status", "SHIPPED").when().get("/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("status"));
        Orders.as(Orders.newCustomer()).queryParam("cursor", "not-a-cursor").when().get("/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("cursor"));
        Orders.as(Orders.newCustomer()).queryParam("limit", 101).when().get("/orders").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        Orders.as(Orders.newCustomer()).queryParam("limit", "ten").when().get("/orders").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
    }
}
