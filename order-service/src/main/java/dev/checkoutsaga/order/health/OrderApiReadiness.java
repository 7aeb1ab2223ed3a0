package dev.checkoutsaga.order.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.checkoutsaga.order.config.OrderConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Readiness of order-service = "can the order API serve?" (docs/design.md section 4), which is not the
 * same as "are all dependencies up": with PostgreSQL down, orders are still accepted (deferred via
 * Kafka) and read from their Redis copies, so the pod must stay in the Service; taking it out would
 * turn a degraded API into no API. It is DOWN only when neither PostgreSQL nor the deferred path
 * (Kafka, with deferred writes on) can take an order. Redis never makes it DOWN (everything works
 * without it). Each dependency's state is reported in the check's data. The built-in per-dependency
 * readiness checks are switched off for this reason (application.properties).
 */
@Readiness
@ApplicationScoped
public class OrderApiReadiness implements AsyncHealthCheck {
    static final String NAME = "order API (PostgreSQL, or Kafka for deferred writes; Redis optional)";

    @Inject
    Pool database;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    OrderConfig config;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private volatile Admin admin;

    @Override
    public Uni<HealthCheckResponse> call() {
        Duration bound = config.degradation().readinessTimeout();
        Uni<String> db = probe(database.query("select 1").execute().replaceWithVoid(), bound);
        Uni<String> cache = probe(redis.execute("PING").replaceWithVoid(), config.degradation().redisTimeout());
        Uni<String> kafka = probe(Uni.createFrom().item(() -> {
            try {
                admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) bound.toMillis())).nodes()
                        .get(bound.toMillis(), TimeUnit.MILLISECONDS);
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).replaceWithVoid(), bound.plusMillis(200));
        return Uni.combine().all().unis(db, kafka, cache).asTuple().map(t -> {
            boolean dbUp = t.getItem1() == null;
            boolean kafkaUp = t.getItem2() == null;
            boolean canAccept = dbUp || kafkaUp && config.degradation().deferredWrites();
            HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).status(canAccept)
                    .withData("PostgreSQL", state(t.getItem1()))
                    .withData("Kafka", state(t.getItem2()))
                    .withData("Redis", state(t.getItem3()));
            if (!dbUp && canAccept) {
                b.withData("mode", "degraded: orders accepted as deferred writes, reads from Redis copies");
            }
            return b.build();
        });
    }

    /** Null when the call succeeded within its bound, else why not. */
    private static Uni<String> probe(Uni<Void> call, Duration bound) {
        return call.ifNoItem().after(bound).fail().map(ok -> (String) null)
                .onFailure().recoverWithItem(e -> String.valueOf(e.getMessage()));
    }

    private static String state(String failure) {
        return failure == null ? "UP" : "DOWN: " + failure;
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> props = new HashMap<>(kafkaConfig);
                    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "order-service-readiness");
                    admin = Admin.create(props);
                }
                a = admin;
            }
        }
        return a;
    }

    void onStop(@Observes ShutdownEvent event) {
        Admin a = admin;
        if (a != null) {
            a.close(Duration.ofSeconds(2));
        }
    }
}
