package dev.checkoutsaga.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.checkoutsaga.audit.AuditReport;
import dev.checkoutsaga.audit.Auditor;
import dev.checkoutsaga.audit.Endpoints;
import dev.checkoutsaga.audit.SnapshotReader;
import dev.checkoutsaga.events.SagaMap;
import dev.checkoutsaga.realm.SyntheticCustomers;
import dev.checkoutsaga.testkit.FreePorts;
import dev.checkoutsaga.testkit.KeycloakServer;
import dev.checkoutsaga.testkit.LocalServices;
import dev.checkoutsaga.testkit.QuarkusAppProcess;
import dev.checkoutsaga.testkit.TestInfra;
import dev.checkoutsaga.testkit.TestPaymentTokens;
import dev.checkoutsaga.testkit.ZipkinServer;

/**
 * The whole saga as separate processes: the sandbox (payment provider + carrier) and every service
 * of {@code deploy/services.txt} (testkit {@link LocalServices}), wired to the test kit's real
 * PostgreSQL (one database per service), Redis and Kafka,
 * with the same configuration keys a deployment sets, and the trace viewer (Zipkin) the services send
 * their spans to, as in the local stack, and Keycloak with the realm of the chart, whose tokens the
 * services validate. Started once per test class.
 */
final class SagaStack implements AutoCloseable {
    /** Deadline of orders placed through {@link #order}; long enough for a loaded 2-core machine. */
    static final String DEADLINE = "90s";

    final ZipkinServer zipkin;
    final KeycloakServer keycloak;
    private SyntheticCustomers customers;
    final QuarkusAppProcess sandbox;
    /** Every listed service's first instance, by name, in the order they were started. */
    private final Map<String, QuarkusAppProcess> services = new LinkedHashMap<>();
    final QuarkusAppProcess inventory;
    final QuarkusAppProcess payment;
    final QuarkusAppProcess shipping;
    final QuarkusAppProcess order;
    private final AtomicInteger orderServices = new AtomicInteger();
    /** Every request to a service and its answer, checked against the service's OpenAPI document. */
    final ApiContract contract = new ApiContract();

    /** Prefix of the stack's database names: two stacks of one test run keep their records apart. */
    final String databasePrefix;

    private SagaStack(String databasePrefix) {
        this.databasePrefix = databasePrefix;
        TestInfra infra = TestInfra.get().startAll();
        zipkin = ZipkinServer.start(FreePorts.find());
        keycloak = KeycloakServer.start(FreePorts.find());
        sandbox = QuarkusAppProcess.start("deploy/sandbox", FreePorts.find(), Map.of());
        // order-service last: it calls inventory-service (its URL is part of order-service's configuration)
        for (LocalServices.Service service : LocalServices.in(QuarkusAppProcess.projectRoot())) {
            if (!service.name().equals(SagaMap.ORDER)) {
                services.put(service.name(), watched(service.name(), QuarkusAppProcess.start(service.name(), FreePorts.find(),
                        serviceConfig(infra, service.name(), service.name()))));
            }
        }
        inventory = services.get(SagaMap.INVENTORY);
        payment = services.get(SagaMap.PAYMENT);
        shipping = services.get(SagaMap.SHIPPING);
        order = startOrderService(DEADLINE);
        services.put(SagaMap.ORDER, order);
        io.restassured.RestAssured.replaceFiltersWith(contract);
    }

    static SagaStack start() {
        return new SagaStack("");
    }

    /** A stack whose databases are {@code databasePrefix + "orders"} and so on, apart from the other stacks' ones. */
    static SagaStack start(String databasePrefix) {
        return new SagaStack(databasePrefix);
    }

    /** Another order-service replica (same database) whose orders get the given deadline. */
    QuarkusAppProcess startOrderService(String deadline) {
        Map<String, String> c = serviceConfig(TestInfra.get(), SagaMap.ORDER,
                "order-service-" + orderServices.incrementAndGet());
        c.put("order.saga.deadline", deadline);
        c.put("order.saga.deadline-check-interval", "1s");
        // a slow refill so that the shared-limit scenario does not depend on how fast requests are sent
        c.put("checkout.rate-limit.endpoints.orders.capacity", "20");
        c.put("checkout.rate-limit.endpoints.orders.refill-per-second", "0.2");
        return watched("order-service", QuarkusAppProcess.start("order-service", FreePorts.find(), c));
    }

    private QuarkusAppProcess watched(String service, QuarkusAppProcess process) {
        contract.watch(service, process);
        return process;
    }

    /** Another payment-service replica (same database, its own Kafka member id); the caller closes it. */
    QuarkusAppProcess startPaymentService(String instanceId) {
        return watched("payment-service",
                QuarkusAppProcess.start("payment-service", FreePorts.find(),
                        serviceConfig(TestInfra.get(), SagaMap.PAYMENT, instanceId)));
    }

    /** Another inventory-service replica (same database, its own Kafka member id); the caller closes it. */
    QuarkusAppProcess startInventoryService(String instanceId) {
        return watched("inventory-service",
                QuarkusAppProcess.start("inventory-service", FreePorts.find(),
                        serviceConfig(TestInfra.get(), SagaMap.INVENTORY, instanceId)));
    }

    /**
     * The deployment's keys for one instance. {@code instanceId} is its Kafka static member id: unique
     * per running process (replicas get their own), kept across a restart of that process.
     */
    /** The first instance of every listed service, by name. */
    Map<String, QuarkusAppProcess> services() {
        return java.util.Collections.unmodifiableMap(services);
    }

    private Map<String, String> serviceConfig(TestInfra infra, String service, String instanceId) {
        String database = LocalServices.named(LocalServices.in(QuarkusAppProcess.projectRoot()), service).database();
        infra.postgres().createDatabase(databasePrefix + database);
        Map<String, String> c = new HashMap<>();
        c.put("quarkus.datasource.reactive.url", infra.postgres().reactiveUrl(databasePrefix + database));
        c.put("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(databasePrefix + database));
        c.put("quarkus.datasource.username", infra.postgres().username());
        c.put("quarkus.datasource.password", infra.postgres().password());
        c.put("quarkus.redis.hosts", infra.redis().url());
        c.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        c.put("saga.kafka.instance-id", instanceId);
        c.put("quarkus.oidc.auth-server-url", keycloak.issuer());
        if (service.equals(SagaMap.ORDER) || service.equals(SagaMap.PAYMENT)) { // the key ring's only holders
            c.put("checkout.payment-token.keys", TestPaymentTokens.RING);
        }
        c.put("quarkus.rest-client.payment-provider.url", sandbox.baseUrl());
        c.put("quarkus.rest-client.carrier.url", sandbox.baseUrl());
        if (services.containsKey(SagaMap.INVENTORY)) {
            c.put("quarkus.rest-client.inventory.url", services.get(SagaMap.INVENTORY).baseUrl());
        }
        c.put("saga.outbox.sweep-interval", "200ms");
        c.put("saga.steps.poll-interval", "10m"); // steps run on commit; the poll is only a safety net
        c.put("saga.steps.retry-initial-backoff", "200ms");
        c.put("saga.steps.retry-max-backoff", "2s");
        // an event the handler keeps failing on is dead-lettered after its 10 tries in ~9 s, not ~50 s
        c.put("saga.inbox.retry-max-backoff", "1s");
        c.put("saga.tracing.exporter", "zipkin");
        c.put("saga.tracing.zipkin.endpoint", zipkin.spansEndpoint());
        c.put("quarkus.otel.bsp.schedule.delay", "500ms"); // spans reach the viewer sooner than the 5 s default
        c.put("quarkus.log.console.json.enabled", "true"); // as in a cluster: each line with its MDC (ServiceLogs)
        return c;
    }

    /** The load tools' customers: real users of the realm, created on first use (platform/realm-client). */
    SyntheticCustomers customers() {
        if (customers == null) {
            customers = new SyntheticCustomers(keycloak.issuer(), SyntheticCustomers.DEMO_SECRET);
        }
        return customers;
    }

    /** The demo back-office user clerk's token: the admin and the payments and shipping operator roles. */
    String clerkToken() {
        return keycloak.userToken("clerk", "clerk-demo");
    }

    /** The back office's token (client credentials of checkout-back-office: the admin role). */
    String backOfficeToken() {
        return keycloak.clientToken("checkout-back-office", "back-office-demo-secret");
    }

    TraceViewer traceViewer() {
        return new TraceViewer(zipkin.baseUrl());
    }

    /** What the audit reads: the four services it audits by name, and every listed service's activity. */
    Endpoints endpoints() {
        Endpoints endpoints = new Endpoints(order.baseUrl(), inventory.baseUrl(), payment.baseUrl(), shipping.baseUrl(),
                sandbox.baseUrl(), keycloak.issuer());
        for (Map.Entry<String, QuarkusAppProcess> service : services.entrySet()) {
            endpoints = endpoints.withService(service.getKey(), service.getValue().baseUrl());
        }
        return endpoints;
    }

    /** The audit as {@code deploy/local/stack audit} runs it: it waits (at most {@code quietTimeout}) for a quiet saga. */
    Auditor.Verdict audit(Duration quietTimeout) {
        return new Auditor(new SnapshotReader(endpoints(), "audit-demo-secret").observedBy(contract), quietTimeout, Duration.ofMillis(500)).run();
    }

    /** The audit's report once the saga is quiet; fails the test when it does not get quiet within 90 s. */
    AuditReport audit() {
        Auditor.Verdict verdict = audit(Duration.ofSeconds(90));
        if (!verdict.judged()) {
            throw new AssertionError(verdict.render());
        }
        return verdict.report();
    }

    @Override
    public void close() {
        io.restassured.RestAssured.replaceFiltersWith(List.of());
        System.out.println(contract.summary());
        List<QuarkusAppProcess> running = new java.util.ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        running.add(sandbox);
        for (QuarkusAppProcess p : running) {
            if (p != null) {
                p.close();
            }
        }
        if (zipkin != null) {
            zipkin.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }
}
