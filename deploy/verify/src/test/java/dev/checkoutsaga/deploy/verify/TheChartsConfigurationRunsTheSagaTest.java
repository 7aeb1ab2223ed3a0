package dev.checkoutsaga.deploy.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.testkit.FreePorts;
import dev.checkoutsaga.testkit.KeycloakServer;
import dev.checkoutsaga.testkit.LocalServices;
import dev.checkoutsaga.testkit.QuarkusAppProcess;
import dev.checkoutsaga.testkit.RedisService;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestPaymentTokens;

/**
 * The packaged services and sandbox, each started as its pod would be in production
 * (values-prod.yaml): the rendered application.properties as the mounted file named by
 * QUARKUS_CONFIG_LOCATIONS and the Deployment's plain environment variables. Only what points
 * into the cluster is moved to the test kit's real PostgreSQL, Redis and Kafka: the connection
 * keys the chart manages, the credentials its Secrets would hold, the port. Every other setting
 * of the chart (timeouts, retries, breakers, bulkheads, rate limits, TTLs, JSON logs) is in
 * force, and an order must still go all the way to COMPLETED with exactly one charge.
 */
class TheChartsConfigurationRunsTheSagaTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Manifests PROD = Chart.rendered("values-prod.yaml");
    /** Production has no sandbox: it plays the provider and the carrier as in a chaos lab (values-lab.yaml). */
    private static final Manifests LAB = Chart.rendered("values-prod.yaml+values-lab.yaml");

    @TempDir
    static Path mounts;
    static final List<QuarkusAppProcess> apps = new ArrayList<>();
    static QuarkusAppProcess order;
    static QuarkusAppProcess inventory;
    static QuarkusAppProcess sandbox;
    static KeycloakServer keycloak;

    @BeforeAll
    static void startAsPods() throws IOException {
        TestInfra infra = TestInfra.get().startAll();
        keycloak = KeycloakServer.start(FreePorts.find());
        sandbox = start("sandbox", "deploy/sandbox", Map.of("sandbox.state-file", mounts.resolve("sandbox-state.json").toString()),
                Map.of());
        Map<String, String> cluster = new HashMap<>();
        cluster.put("quarkus.redis.hosts", infra.redis().url());
        cluster.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        // the test kit's broker has no SASL listener: the chart's SCRAM login (KafkaUsers) is checked
        // by KafkaAclsAreWhatEachServiceDoesTest, not here
        cluster.put("kafka.security.protocol", "PLAINTEXT");
        cluster.put("kafka.sasl.mechanism", "GSSAPI");
        cluster.put("quarkus.rest-client.payment-provider.url", sandbox.baseUrl());
        cluster.put("quarkus.rest-client.carrier.url", sandbox.baseUrl());
        // no collector here: spans are dropped, as in a cluster whose Jaeger is down
        cluster.put("quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + FreePorts.find());
        // every service of deploy/services.txt, each after the services its configuration calls (order-service
        // calls inventory-service: quarkus.rest-client.inventory.url=http://inventory-service:8080), whose
        // in-cluster URLs are moved to the started ones
        Map<String, QuarkusAppProcess> started = new HashMap<>();
        List<LocalServices.Service> pending = new ArrayList<>(Services.LISTED);
        while (!pending.isEmpty()) {
            LocalServices.Service next = pending.stream().filter(s -> started.keySet().containsAll(callees(s.name())))
                    .findFirst().orElseThrow(() -> new AssertionError("the services' REST calls go round in a circle: "
                            + pending.stream().map(LocalServices.Service::name).toList()));
            pending.remove(next);
            QuarkusAppProcess app = startService(next.name(), next.database(), infra, cluster);
            started.put(next.name(), app);
            for (String s : Services.NAMES) {
                ChartTogglesUseExternalServersTest.properties(PROD, s).forEach((key, value) -> {
                    if (value.equals(clusterUrl(next.name()))) {
                        cluster.put((String) key, app.baseUrl());
                    }
                });
            }
        }
        order = started.get(SagaMap.ORDER);
        inventory = started.get(SagaMap.INVENTORY);
    }

    /** A service's API as the others reach it in the cluster (its Service, port 8080). */
    private static String clusterUrl(String service) {
        return "http://" + service + ":8080";
    }

    /** The services whose API a service's rendered configuration calls. */
    private static List<String> callees(String service) {
        List<String> out = new ArrayList<>();
        Properties props = ChartTogglesUseExternalServersTest.properties(PROD, service);
        for (String other : Services.NAMES) {
            if (!other.equals(service) && props.values().contains(clusterUrl(other))) {
                out.add(other);
            }
        }
        return out;
    }

    @AfterAll
    static void stop() {
        apps.forEach(QuarkusAppProcess::close);
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void anOrderCompletesWithExactlyOneChargeUnderTheProductionConfiguration() throws Exception {
        String sku = "CHART-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> seeded = send("PUT", inventory.baseUrl() + "/products/" + sku,
                "{\"name\":\"Blue mug\",\"price\":1999,\"currency\":\"EUR\",\"available\":10}",
                Map.of("Authorization", "Bearer " + keycloak.clientToken("checkout-back-office", "back-office-demo-secret")));
        assertTrue(seeded.statusCode() / 100 == 2, seeded.body());

        String ada = keycloak.userToken("ada", "ada-demo");
        HttpResponse<String> placed = send("POST", order.baseUrl() + "/orders", """
                {"items":[{"sku":"%s","quantity":2}],
                 "shippingAddress":{"name":"Ada Lovelace","line1":"1 Main St","city":"London","postalCode":"N1 9GU","country":"GB"},
                 "paymentToken":"tok_visa"}""".formatted(sku), Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                "Authorization", "Bearer " + ada));
        assertEquals(202, placed.statusCode(), placed.body());
        String location = placed.headers().firstValue("Location").orElseThrow();
        String orderId = location.substring(location.lastIndexOf('/') + 1);

        JsonNode view = awaitStatus(order.baseUrl() + "/orders/" + orderId, ada, "COMPLETED", Duration.ofSeconds(90));
        assertEquals("COMPLETED", view.path("status").asText(), view.toPrettyString());
        JsonNode ledger = JSON.readTree(send("GET", sandbox.baseUrl() + "/v1/ledger?orderId=" + orderId, null, Map.of()).body());
        assertEquals(1, ledger.path("charges").size(), ledger.toPrettyString());
        assertEquals(3998, ledger.path("captured").asLong(), ledger.toPrettyString());
    }

    @Test
    void theProductionConfigurationServesNoSwaggerUiButKeepsTheOpenApiDocument() throws Exception {
        for (QuarkusAppProcess app : List.of(order, inventory)) {
            assertEquals(404, send("GET", app.baseUrl() + "/q/swagger-ui/", null, Map.of()).statusCode(), app.baseUrl());
            assertEquals(200, send("GET", app.baseUrl() + "/q/openapi", null, Map.of()).statusCode(), app.baseUrl());
        }
    }

    /**
     * Health and metrics answer on the management port only (the port the probes and the scrape
     * annotation name, which the Service does not route); the API port has neither.
     */
    @Test
    void healthAndMetricsAnswerOnTheManagementPortOnly() throws Exception {
        for (QuarkusAppProcess app : List.of(order, inventory)) {
            assertEquals(404, send("GET", app.baseUrl() + "/q/metrics", null, Map.of()).statusCode(), app.baseUrl());
            assertEquals(404, send("GET", app.baseUrl() + "/q/health/ready", null, Map.of()).statusCode(), app.baseUrl());
            assertTrue(!app.managementUrl().equals(app.baseUrl()), "a management port of its own");
            assertEquals(200, send("GET", app.managementUrl() + "/q/health/ready", null, Map.of()).statusCode());
            HttpResponse<String> metrics = send("GET", app.managementUrl() + "/q/metrics", null, Map.of());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("saga_outbox_"), "the saga's own meters are there");
        }
        var container = ((io.fabric8.kubernetes.api.model.apps.Deployment) PROD.find("Deployment", "order-service")
                .orElseThrow().resource()).getSpec().getTemplate();
        var c = container.getSpec().getContainers().get(0);
        assertEquals("management", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(9000, c.getPorts().stream().filter(p -> p.getName().equals("management")).findFirst()
                .orElseThrow().getContainerPort());
        assertEquals("9000", container.getMetadata().getAnnotations().get("prometheus.io/port"));
        var service = ((io.fabric8.kubernetes.api.model.Service) PROD.find("Service", "order-service").orElseThrow()
                .resource()).getSpec().getPorts();
        assertEquals(List.of(8080), service.stream().map(p -> p.getPort()).toList(), "the Service routes the API only");
    }

    /** A service as its pod runs it: the Deployment's env, the ConfigMap's file; cluster addresses moved here. */
    private static QuarkusAppProcess startService(String name, String database, TestInfra infra, Map<String, String> cluster)
            throws IOException {
        infra.postgres().createDatabase(database);
        Map<String, String> moved = new HashMap<>(cluster);
        moved.put("quarkus.datasource.reactive.url", infra.postgres().reactiveUrl(database));
        moved.put("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database));
        Map<String, String> secrets = Map.of("QUARKUS_DATASOURCE_USERNAME", infra.postgres().username(),
                "QUARKUS_DATASOURCE_PASSWORD", infra.postgres().password(),
                "QUARKUS_REDIS_PASSWORD", RedisService.TEST_PASSWORD,
                "CHECKOUT_PAYMENT_TOKEN_KEYS", TestPaymentTokens.RING,
                "KAFKA_SASL_JAAS_CONFIG", "");
        return start(name, name, moved, secrets);
    }

    private static QuarkusAppProcess start(String name, String module, Map<String, String> moved, Map<String, String> secrets)
            throws IOException {
        PodAsRendered pod = PodAsRendered.of(name.equals("sandbox") ? LAB : PROD, name);
        int port = FreePorts.find();
        Map<String, String> replace = new HashMap<>(moved);
        replace.put("quarkus.http.port", String.valueOf(port));
        Path path = mounts.resolve(name + ".properties");
        pod.writeProperties(path, replace); // only what the chart sets for this app is moved
        Map<String, String> env = new HashMap<>(pod.environment(path, secrets));
        if (keycloak != null && env.containsKey("OIDC_AUTH_SERVER_URL")) { // the chart's issuer, moved here
            env.put("OIDC_AUTH_SERVER_URL", keycloak.issuer());
        }
        // QuarkusAppProcess names the port with -D as well; the file says the same
        QuarkusAppProcess app = QuarkusAppProcess.start(module, port, Map.of(), env);
        apps.add(app);
        return app;
    }

    private static JsonNode awaitStatus(String url, String bearer, String status, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = send("GET", url, null, Map.of("Authorization", "Bearer " + bearer));
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (status.equals(last.path("status").asText())) {
                    return last;
                }
            }
            Thread.sleep(500);
        }
        fail("not " + status + " within " + timeout + ": " + (last == null ? "(no answer)" : last.toPrettyString())
                + "\norder-service log:\n" + order.tail());
        return last;
    }

    private static HttpResponse<String> send(String method, String url, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
