package dev.checkoutsaga.e2e;

import java.util.HashMap;
import java.util.Map;

import dev.checkoutsaga.testkit.FreePorts;
import dev.checkoutsaga.testkit.QuarkusAppProcess;
import dev.checkoutsaga.testkit.TestInfra;

/**
 * The services of the saga as separate processes, wired to the test kit's real PostgreSQL (one
 * database per service), Redis and Kafka. Started once per test class.
 */
final class SagaStack implements AutoCloseable {
    final QuarkusAppProcess inventory;
    final QuarkusAppProcess order;

    private SagaStack(QuarkusAppProcess inventory, QuarkusAppProcess order) {
        this.inventory = inventory;
        this.order = order;
    }

    static SagaStack start() {
        TestInfra infra = TestInfra.get().startAll();
        QuarkusAppProcess inventory = QuarkusAppProcess.start("inventory-service", FreePorts.find(),
                commonConfig(infra, "inventory"));
        Map<String, String> orderConfig = commonConfig(infra, "orders");
        orderConfig.put("quarkus.rest-client.inventory.url", inventory.baseUrl());
        QuarkusAppProcess order = QuarkusAppProcess.start("order-service", FreePorts.find(), orderConfig);
        return new SagaStack(inventory, order);
    }

    /** Same keys a Kubernetes deployment sets; test timings shortened so nothing needs sleeping. */
    private static Map<String, String> commonConfig(TestInfra infra, String database) {
        infra.postgres().createDatabase(database);
        Map<String, String> c = new HashMap<>();
        c.put("quarkus.datasource.reactive.url", infra.postgres().reactiveUrl(database));
        c.put("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database));
        c.put("quarkus.datasource.username", infra.postgres().username());
        c.put("quarkus.datasource.password", infra.postgres().password());
        c.put("quarkus.redis.hosts", infra.redis().url());
        c.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        c.put("saga.outbox.sweep-interval", "200ms");
        c.put("quarkus.otel.traces.exporter", "none"); // no collector here; trace context still propagates
        return c;
    }

    @Override
    public void close() {
        order.close();
        inventory.close();
    }
}
