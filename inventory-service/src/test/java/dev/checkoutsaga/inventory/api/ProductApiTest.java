package dev.checkoutsaga.inventory.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.checkoutsaga.inventory.support.Fixtures;
import dev.checkoutsaga.web.RequestBudget;
import dev.checkoutsaga.testkit.MalformedBodies;
import dev.checkoutsaga.testkit.MalformedParameters;
import dev.checkoutsaga.testkit.Outages;
import dev.checkoutsaga.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@Order(1)
class ProductApiTest implements dev.checkoutsaga.testkit.ApiDatabaseTests {

    private static Map<String, Object> body(String name, Object price, String currency, Object available) {
        var m = new java.util.HashMap<String, Object>();
        m.put("name", name);
        m.put("price", price);
        m.put("currency", currency);
        m.put("available", available);
        return m;
    }

    /** Catalog writes are the back office's: the admin role. */
    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(TestTokens.admin());
    }

    @Test
    void everyMalformedProductOrStockBodyOfTheCorpusIsA4xxProblemAndWritesNothing() throws Exception {
        String fresh = Fixtures.newSku("CORPUS");
        String valid = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body("Blue mug", 1999, "EUR", 10));
        for (MalformedBodies.Variant v : MalformedBodies.of(valid)) {
            Response r = backOffice().contentType(ContentType.JSON).body(v.body()).put("/products/{sku}", fresh);
            MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), "PUT product: " + v.name());
        }
        given().get("/products/{sku}", fresh).then().statusCode(404);

        String stocked = Fixtures.newSku("CORPUS-STOCK");
        Fixtures.seed(stocked, 5);
        for (MalformedBodies.Variant v : MalformedBodies.of("{\"available\": 7}")) {
            Response r = backOffice().contentType(ContentType.JSON).body(v.body()).put("/products/{sku}/stock", stocked);
            MalformedParameters.assertRejected(r.statusCode(), r.contentType(), r.asString(), "PUT stock: " + v.name());
        }
        given().get("/products/{sku}", stocked).then().statusCode(200).body("available", equalTo(5));
    }

    /** The back office with a write budget of its own for each request (catalog writes are rate limited). */
    private static RequestSpecification backOffice() {
        return given().auth().oauth2(TestTokens.of("clerk-" + java.util.UUID.randomUUID(), "admin"));
    }

    @Test
    void theCatalogIsReadWithoutAToken() {
        String sku = Fixtures.newSku("ANON");
        Fixtures.seed(sku, 3);
        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(3));
        given().get("/products?limit=1").then().statusCode(200);
    }

    @Test
    void writingTheCatalogWithoutATokenIs401WithABearerChallengeAndChangesNothing() {
        String sku = Fixtures.newSku("NOAUTH");
        given().contentType(ContentType.JSON).body(body("Free mug", 1, "EUR", 1000)).put("/products/{sku}", sku)
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"checkout\""))
                .body("status", equalTo(401));
        given().get("/products/{sku}", sku).then().statusCode(404);
    }

    @Test
    void aTokenThatIsExpiredForgedFromAnotherIssuerOrForAnotherAudienceIs401() {
        String sku = Fixtures.newSku("BADTOKEN");
        Fixtures.seed(sku, 5);
        for (String token : List.of(TestTokens.expired("test-clerk", "admin"),
                TestTokens.signedByAnotherKey("test-clerk", "admin"),
                TestTokens.fromAnotherIssuer("test-clerk", "admin"),
                TestTokens.forAnotherAudience("test-clerk", "admin"),
                "not-a-jwt")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("available", 0))
                    .put("/products/{sku}/stock", sku)
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }
        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(5));
    }

    @Test
    void aCustomerCannotRepriceOrRestockTheCatalog() {
        String sku = Fixtures.newSku("CUST");
        Fixtures.seed(sku, 5);
        given().auth().oauth2(TestTokens.customer("ada")).contentType(ContentType.JSON)
                .body(body("Cheap mug", 1, "EUR", 5)).put("/products/{sku}", sku)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(TestTokens.customer("ada")).contentType(ContentType.JSON).body(Map.of("available", 999))
                .put("/products/{sku}/stock", sku)
                .then().statusCode(403);
        given().get("/products/{sku}", sku).then().statusCode(200)
                .body("price", equalTo(1000)).body("available", equalTo(5));
    }

    @Test
    void upsertCreatesWith201ThenUpdatesWith200AndGetShowsTheProduct() {
        String sku = Fixtures.newSku("API");
        asAdmin().contentType(ContentType.JSON).body(body("Blue mug", 1999, "EUR", 10))
                .put("/products/{sku}", sku)
                .then().statusCode(201)
                .header("Location", containsString("/products/" + sku))
                .contentType(ContentType.JSON)
                .body("sku", equalTo(sku)).body("name", equalTo("Blue mug")).body("price", equalTo(1999))
                .body("currency", equalTo("EUR")).body("available", equalTo(10))
                .body("reserved", equalTo(0)).body("sold", equalTo(0));

        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(10));

        asAdmin().contentType(ContentType.JSON).body(body("Blue mug XL", 2499, "EUR", 25))
                .put("/products/{sku}", sku)
                .then().statusCode(200).body("name", equalTo("Blue mug XL")).body("price", equalTo(2499))
                .body("available", equalTo(25));

        // the update is visible at once: the write invalidated the cached answer
        given().get("/products/{sku}", sku).then().statusCode(200)
                .body("name", equalTo("Blue mug XL")).body("price", equalTo(2499)).body("available", equalTo(25));
    }

    @Test
    void listShowsProductsOrderedBySkuAndHonoursTheLimit() {
        String a = "AAA-" + Fixtures.newSku("list");
        String b = "AAB-" + Fixtures.newSku("list");
        Fixtures.seed(b, 1);
        Fixtures.seed(a, 2);

        List<String> skus = given().get("/products?limit=500").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath().getList("sku");
        org.junit.jupiter.api.Assertions.assertTrue(skus.indexOf(a) >= 0 && skus.indexOf(a) < skus.indexOf(b),
                "a before b in " + skus);
        org.junit.jupiter.api.Assertions.assertEquals(skus.stream().sorted().toList(), skus, "sorted by sku");

        given().get("/products?limit=1").then().statusCode(200).body("$", hasSize(1));
        given().get("/products").then().statusCode(200).body("size()", lessThanOrEqualTo(100));
    }

    @Test
    void limitOutOfRangeIsA400NamingTheParameter() {
        given().get("/products?limit=501").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("limit"));
        given().get("/products?limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("limit"));
    }

    @Test
    void aSkuNoProductCanHaveIsA404OnReadAndA400OnWriteNeverA500() {
        for (String bad : new String[] { "SKU\u0000-1", "SKU\u0001", "S".repeat(65), "sku with spaces" }) {
            given().get("/products/{sku}", bad).then().statusCode(404).contentType("application/problem+json");
            asAdmin().contentType(ContentType.JSON).body(Map.of("available", 5)).put("/products/{sku}/stock", bad)
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void unknownSkuIsA404Problem() {
        given().get("/products/{sku}", "NOPE-" + Fixtures.newSku("x")).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        asAdmin().contentType(ContentType.JSON).body(Map.of("available", 5))
                .put("/products/{sku}/stock", "NOPE-" + Fixtures.newSku("x"))
                .then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * The caller's budget (X-Request-Budget-Ms, sent by order-service while it prices an order) is
     * honoured: a spent one is refused before any work, and a read the database does not answer
     * within it (the table locked by another transaction) is given up with a 503 rather than held
     * for the statement timeout.
     */
    @Test
    void aReadHonoursTheCallersBudgetRefusingASpentOneAndGivingUpWhenItRunsOut() {
        String sku = Fixtures.newSku("BUDGET");
        Fixtures.seed(sku, 3);
        given().header(RequestBudget.HEADER, "0").get("/products/{sku}", sku).then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("budget was spent"));
        given().header(RequestBudget.HEADER, "soon").get("/products/{sku}", sku).then().statusCode(400)
                .body("errors.field", hasItem(RequestBudget.HEADER));

        String uncached = Fixtures.newSku("BUDGET");
        Fixtures.seed(uncached, 3);
        try (var lock = Outages.lockTable("product")) {
            given().header(RequestBudget.HEADER, "1000").get("/products/{sku}", uncached).then().statusCode(503)
                    .body("detail", containsString("within the caller's budget of 1000 ms"));
        }
        given().header(RequestBudget.HEADER, "5000").get("/products/{sku}", uncached).then().statusCode(200)
                .body("available", equalTo(3));
    }

    @Test
    void restockSetsAvailableStockAndCountsTheDifferenceAsReceived() {
        String sku = Fixtures.newSku("RESTOCK");
        Fixtures.seed(sku, 3);
        given().get("/products/{sku}", sku).then().statusCode(200).body("received", equalTo(3));
        asAdmin().contentType(ContentType.JSON).body(Map.of("available", 25)).put("/products/{sku}/stock", sku)
                .then().statusCode(200).body("available", equalTo(25)).body("received", equalTo(25));
        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(25));
        // a write-off through the upsert counts too: conservation is received = available + reserved + sold
        asAdmin().contentType(ContentType.JSON).body(body("Mug", 100, "EUR", 20)).put("/products/{sku}", sku)
                .then().statusCode(200);
        given().get("/products/{sku}", sku).then().statusCode(200).body("received", equalTo(20));
    }

    @Test
    void invalidFieldsAreA400NamingEachFieldAndNothingIsWritten() {
        String sku = Fixtures.newSku("BAD");
        assertRejected(sku, body("Mug", -1, "EUR", 1), "price");
        assertRejected(sku, body("Mug", 100, "eur", 1), "currency");
        assertRejected(sku, body("Mug", 100, "EURO", 1), "currency");
        assertRejected(sku, body("Mug", 100, "EUR", -1), "available");
        assertRejected(sku, body("Mug", 100, "EUR", 1_000_001), "available");
        assertRejected(sku, body("", 100, "EUR", 1), "name");
        assertRejected(sku, body("x".repeat(201), 100, "EUR", 1), "name");
        assertRejected(sku, body(null, 100, "EUR", 1), "name");
        assertRejected(sku, body("Mug", "lots", "EUR", 1), "price");
        // an invalid SKU in the path is named as the path parameter
        asAdmin().contentType(ContentType.JSON).body(body("Mug", 100, "EUR", 1)).put("/products/{sku}", "bad sku!")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("sku"));

        // a body that is not JSON at all
        asAdmin().contentType(ContentType.JSON).body("{\"name\": ").put("/products/{sku}", sku)
                .then().statusCode(400).contentType("application/problem+json");
        asAdmin().contentType(ContentType.JSON).put("/products/{sku}", sku)
                .then().statusCode(400).contentType("application/problem+json");

        // nothing was written by any of the rejected requests
        given().get("/products/{sku}", sku).then().statusCode(404);

        // a rejected update leaves the existing product as it was
        Fixtures.seed(sku, 7);
        assertRejected(sku, body("Mug", 100, "EUR", -5), "available");
        asAdmin().contentType(ContentType.JSON).body(Map.of("available", -5)).put("/products/{sku}/stock", sku)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("available"));
        given().get("/products/{sku}", sku).then().statusCode(200).body("available", equalTo(7))
                .body("price", equalTo(1000));
    }

    private static void assertRejected(String sku, Map<String, Object> body, String field) {
        asAdmin().contentType(ContentType.JSON).body(body).put("/products/{sku}", sku)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void openApiDocumentAndSwaggerUiAreServed() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/products/{sku}"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Override
    public String tableTheReadNeeds() {
        return "product";
    }

    @Override
    public io.restassured.response.Response readThroughApi() {
        return given().get("/products?limit=1");
    }
}
