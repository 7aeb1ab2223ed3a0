package dev.checkoutsaga.order.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.order.support.Orders;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Who may do what with orders: the customer is the token's subject; a customer sees and cancels only
 * their own orders (another's is a 404, like an unknown one); the back office and the audit read all.
 */
@QuarkusTest
class OrderAccessTest {
    private static final String PROBLEM = "application/problem+json";

    static List<Function<String, String>> badTokens() {
        return List.of(c -> TestTokens.expired(c, "customer"), c -> TestTokens.signedByAnotherKey(c, "customer"),
                c -> TestTokens.fromAnotherIssuer(c, "customer"), c -> TestTokens.forAnotherAudience(c, "customer"));
    }

    @Test
    void everyOrderEndpointWithoutATokenIs401WithWwwAuthenticateAndWritesNothing() {
        UUID someone = Orders.place(Orders.newCustomer());
        given().contentType(ContentType.JSON).body(Orders.body().toString()).post("/orders").then().statusCode(401)
                .contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
        given().get("/orders").then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
        given().get("/orders/" + someone).then().statusCode(401).contentType(PROBLEM);
        given().post("/orders/" + someone + "/cancel").then().statusCode(401).contentType(PROBLEM);
        assertEquals("PENDING", Orders.status(someone));
    }

    @ParameterizedTest
    @MethodSource("badTokens")
    void anExpiredForeignOrWronglySignedTokenIs401(Function<String, String> token) {
        String customer = Orders.newCustomer();
        given().auth().oauth2(token.apply(customer)).contentType(ContentType.JSON).body(Orders.body().toString())
                .post("/orders").then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("invalid_token"));
        assertEquals(0, Orders.countFor(customer));
    }

    @Test
    void theOrdersCustomerIsTheTokensSubjectAndTheBodyCannotNameAnother() {
        String customer = Orders.newCustomer();
        String id = Orders.post(customer, Orders.body()).then().statusCode(202)
                .body("customerId", equalTo(customer)).extract().path("id");
        Orders.get(UUID.fromString(id)).then().body("customerId", equalTo(customer));
        Orders.post(customer, Orders.body().put("customerId", "somebody-else")).then().statusCode(400)
                .contentType(PROBLEM).body("errors.field", hasItem("customerId"));
        assertEquals(1, Orders.countFor(customer));
    }

    @Test
    void onlyACustomerPlacesOrders() {
        given().auth().oauth2(TestTokens.of("auditor-1", "auditor")).contentType(ContentType.JSON)
                .body(Orders.body().toString()).post("/orders").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void anotherCustomersOrderIsNotFoundToReadOrCancel() {
        String ada = Orders.newCustomer();
        String grace = Orders.newCustomer();
        UUID adas = Orders.place(ada);

        Orders.as(ada).get("/orders/" + adas).then().statusCode(200).body("customerId", equalTo(ada));
        String unknown = Orders.as(grace).get("/orders/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM)
                .extract().path("title");
        Orders.as(grace).get("/orders/" + adas).then().statusCode(404).contentType(PROBLEM).body("title", equalTo(unknown));
        Orders.as(grace).post("/orders/" + adas + "/cancel").then().statusCode(404).contentType(PROBLEM);
        assertEquals("PENDING", Orders.status(adas), "grace's cancel changed nothing");

        Orders.as(ada).post("/orders/" + adas + "/cancel").then().statusCode(202).body("status", equalTo("CANCELLING"));
    }

    @Test
    void aCustomersListHoldsOnlyTheirOrdersAndTheyCannotListAnothers() {
        String ada = Orders.newCustomer();
        String grace = Orders.newCustomer();
        UUID adas = Orders.place(ada);
        UUID graces = Orders.place(grace);

        Orders.as(ada).queryParam("limit", 100).get("/orders").then().statusCode(200)
                .body("items.id", equalTo(List.of(adas.toString())))
                .body("items.customerId", everyItem(equalTo(ada)));
        Orders.as(ada).queryParam("customerId", grace).get("/orders").then().statusCode(403).contentType(PROBLEM)
                .body("errors.field", hasItem("customerId"));
        Orders.as(grace).queryParam("limit", 100).get("/orders").then().statusCode(200)
                .body("items.id", not(hasItem(adas.toString())))
                .body("items.id", hasItem(graces.toString()));
    }

    @Test
    void theBackOfficeAndTheAuditReadEveryOrderOnlyTheBackOfficeCancelsAny() {
        String ada = Orders.newCustomer();
        String grace = Orders.newCustomer();
        UUID adas = Orders.place(ada);
        UUID graces = Orders.place(grace);
        RequestSpecification audit = given().auth().oauth2(TestTokens.of("checkout-audit", "auditor"));

        Orders.backOffice().queryParam("limit", 100).get("/orders").then().statusCode(200)
                .body("items.id", hasItems(adas.toString(), graces.toString()));
        audit.queryParam("customerId", grace).get("/orders").then().statusCode(200)
                .body("items.id", equalTo(List.of(graces.toString())));
        given().auth().oauth2(TestTokens.of("checkout-audit", "auditor")).get("/orders/" + adas).then().statusCode(200);
        given().auth().oauth2(TestTokens.of("checkout-audit", "auditor")).post("/orders/" + adas + "/cancel")
                .then().statusCode(403).contentType(PROBLEM);

        Orders.backOffice().post("/orders/" + graces + "/cancel").then().statusCode(202);
    }
}
