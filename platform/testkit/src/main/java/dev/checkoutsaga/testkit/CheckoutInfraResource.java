package dev.checkoutsaga.testkit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} application at the JVM-wide {@link TestInfra} servers.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = CheckoutInfraResource.class,
 *         initArgs = @ResourceArg(name = "database", value = "orders"),
 *         restrictToAnnotatedClass = false)
 * }</pre>
 *
 * <p>Init args: {@code database} (created if missing; default {@code checkout}) and optionally
 * {@code services}, a comma separated subset of {@code postgres,redis,kafka} (default all) for
 * apps that do not use every server. {@link #stop()} does nothing: the servers are shared by every
 * test and application of the JVM and are stopped by {@link TestInfra}'s shutdown hook.
 */
public class CheckoutInfraResource implements QuarkusTestResourceLifecycleManager {

    private String database = "checkout";
    private Set<String> services = Set.of("postgres", "redis", "kafka");

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        String list = initArgs.get("services");
        if (list != null && !list.isBlank()) {
            services = Arrays.stream(list.split(",")).map(String::trim).map(String::toLowerCase)
                    .collect(Collectors.toSet());
        }
    }

    @Override
    public Map<String, String> start() {
        TestInfra infra = TestInfra.get();
        if (services.containsAll(Set.of("postgres", "redis", "kafka"))) {
            infra.startAll();
        }
        Map<String, String> config = new HashMap<>();
        config.put("checkout.payment-token.keys", TestPaymentTokens.RING);
        if (services.contains("postgres")) {
            PostgresService pg = infra.postgres();
            pg.createDatabase(database);
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            config.put("quarkus.datasource.username", pg.username());
            config.put("quarkus.datasource.password", pg.password());
        }
        if (services.contains("redis")) {
            config.put("quarkus.redis.hosts", infra.redis().url());
        }
        if (services.contains("kafka")) {
            config.put("kafka.bootstrap.servers", infra.kafka().bootstrapServers());
        }
        return config;
    }

    @Override
    public void stop() {
        // shared per JVM: see TestInfra
    }
}
