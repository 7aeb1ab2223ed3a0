package dev.checkoutsaga.order.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.checkoutsaga.events.EventCodec;
import dev.checkoutsaga.events.EventType;
import dev.checkoutsaga.events.SagaEvent;
import dev.checkoutsaga.testkit.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import dev.checkoutsaga.testkit.TestTokens;

/** Test helpers: request bodies, placing orders, publishing participant events, the fake inventory's mode. */
public final class Orders {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Orders() {
    }

    /** A customer of its own: the subject of the tokens {@link #as} mints. */
    public static String newCustomer() {
        return "c-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A request of {@code customer}, with their bearer token (the order's customer comes from it). */
    public static RequestSpecification as(String customer) {
        return given().auth().oauth2(TestTokens.customer(customer));
    }

    /** A request of the back office (admin role): reads and cancels any order. */
    public static RequestSpecification backOffice() {
        return given().auth().oauth2(TestTokens.admin());
    }

    /** A valid request body: SKU-1 x2 (19.99 EUR each) and SKU-2 x1 (5.00 EUR). */
    public static ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        items.addObject().put("sku", "SKU-1").put("quantity", 2);
        items.addObject().put("sku", "SKU-2").put("quantity", 1);
        body.putObject("shippingAddress").put("name", "Ada Lovelace").put("line1", "1 Main St").put("city", "London")
                .put("postalCode", "N1 9GU").put("country", "GB");
        body.put("paymentToken", "tok_visa");
        return body;
    }

    /** POST /orders by {@code customer}. */
    public static Response post(String customer, Object body) {
        return as(customer).contentType(ContentType.JSON).body(body.toString()).when().post("/orders");
    }

    /** Places a valid order for {@code customer} and returns its id. */
    public static UUID place(String customer) {
        String id = post(customer, body()).then().statusCode(202).extract().path("id");
        return UUID.fromString(id);
    }

    /** GET /orders/{id} by the back office (it may read every order). */
    public static Response get(UUID id) {
        return backOffice().when().get("/orders/" + id);
    }

    public static String status(UUID id) {
        return get(id).then().statusCode(200).extract().path("status");
    }

    public static int timelineLength(UUID id) {
        List<?> timeline = get(id).then().statusCode(200).extract().path("timeline");
        return timeline.size();
    }

    /** How many orders {@code customer} sees in their list. */
    public static int countFor(String customer) {
        List<?> items = as(customer).queryParam("limit", 100).when().get("/orders")
                .then().statusCode(200).extract().path("items");
        return items.size();
    }

    /** Publishes a participant event as its service would, with a fresh event id; returns that id. */
    public static UUID publish(SagaEvent event) {
        UUID eventId = UUID.randomUUID();
        publish(event, eventId);
        return eventId;
    }

    /** Publishes with a given event id: the same id twice is a redelivery. */
    public static void publish(SagaEvent event, UUID eventId) {
        EventType type = EventType.of(event);
        dev.checkoutsaga.testkit.KafkaProbe.publish(bootstrap(), type.topic(), event.orderId().toString(), type.ceType(),
                eventId, EventCodec.toJson(event), null);
    }

    public static String bootstrap() {
        return TestInfra.get().kafka().bootstrapServers();
    }

    /** The X-Request-Budget-Ms header of every product request the fake inventory received, in order (-1: none). */
    public static java.util.List<Long> inventoryBudgets() {
        String url = ConfigProvider.getConfig().getValue("quarkus.rest-client.inventory.url", String.class);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_budgets"))
                    .GET().timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body().trim();
            return body.isEmpty() ? java.util.List.of() : java.util.Arrays.stream(body.split(",", -1))
                    .map(b -> b.isEmpty() ? -1L : Long.parseLong(b)).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many product requests the fake inventory has received so far. */
    public static long inventoryRequests() {
        String url = ConfigProvider.getConfig().getValue("quarkus.rest-client.inventory.url", String.class);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_count"))
                    .GET().timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return Long.parseLong(r.body().trim());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Switches the fake inventory to ok, fail (500), reject (400), throttle (429) or hang. */
    public static void inventoryMode(String mode) {
        String url = ConfigProvider.getConfig().getValue("quarkus.rest-client.inventory.url", String.class);
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/_mode/" + mode))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 204) {
                throw new IllegalStateException("fake inventory answered " + r.statusCode());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
