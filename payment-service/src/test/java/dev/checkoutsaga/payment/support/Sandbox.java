package dev.checkoutsaga.payment.support;

import static io.restassured.RestAssured.given;

import dev.checkoutsaga.testkit.SandboxResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** The real sandbox (payment provider) as the tests drive it: its fault controls and request counters. */
public final class Sandbox {

    private Sandbox() {
    }

    public static RequestSpecification sandbox() {
        return given().baseUri(SandboxResource.url());
    }

    /** Sets the faults of one endpoint ({@code charges}, {@code refunds}); resets its request counter. */
    public static void fault(String endpoint, String json) {
        sandbox().contentType(ContentType.JSON).body(json).put("/v1/admin/faults/{endpoint}", endpoint).then().statusCode(200);
    }

    /** Clears every fault and request counter. */
    public static void heal() {
        sandbox().delete("/v1/admin/faults").then().statusCode(204);
    }

    /** Requests that reached the endpoint since its faults were last set or cleared. */
    public static int requests(String endpoint) {
        return sandbox().get("/v1/admin/faults/{endpoint}", endpoint).then().statusCode(200).extract().path("requests");
    }
}
