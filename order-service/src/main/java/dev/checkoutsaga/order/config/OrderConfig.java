package dev.checkoutsaga.order.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import io.smallrye.config.WithDefault;

/** order-service settings (prefix {@code order}); documented in application.properties. */
@ConfigMapping(prefix = "order")
public interface OrderConfig {

    Saga saga();

    PriceCache priceCache();

    PriceSource priceSource();

    Metrics metrics();

    Degradation degradation();

    /** What the API does while its database cannot answer (docs/design.md section 4, degradation matrix). */
    interface Degradation {
        /** Bound of the API's database work per request (placing an order, reading one); beyond it the database counts as down. */
        @WithDefault("3s")
        Duration databaseTimeout();

        /** Circuit breaker {@code order-database} around the API's database work. */
        DatabaseBreaker databaseBreaker();

        interface DatabaseBreaker {
            /** Calls in the rolling window the failure ratio is computed over. */
            @WithDefault("10")
            @Positive
            int requestVolumeThreshold();

            /** Share of failed calls (database unreachable or too slow) in the window that opens the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How long the breaker stays open (answers degraded at once) before one trial call. */
            @WithDefault("5s")
            Duration delay();
        }

        /**
         * On: while the database is down, POST /orders is still accepted (202) and written when it is back
         * (via Kafka topic checkout.orders.deferred). Off: 503 with Retry-After instead.
         */
        @WithDefault("true")
        boolean deferredWrites();

        /**
         * A deferred order is re-priced with inventory's prices (or its cache) when it is written; while
         * neither can price it, the writer waits this long before it asks again (doubling up to 10x).
         */
        @WithDefault("1s")
        Duration repriceRetryBackoff();

        /** How long the Redis copy of an order ({@code order:<id>}) is kept after its last change. */
        @WithDefault("24h")
        Duration snapshotTtl();

        /** Bound of each Redis call for the copies; a slow Redis never slows the API down beyond it. */
        @WithDefault("300ms")
        Duration redisTimeout();

        /**
         * Bound of each readiness check (PostgreSQL {@code select 1}, Kafka {@code describeCluster}); the whole
         * readiness answer comes within it plus 200 ms. Keep it below the readiness probe's timeout (the chart's
         * {@code probes.readinessTimeoutSeconds}, 2 s): a probe that times out counts as "not ready".
         */
        @WithDefault("1s")
        Duration readinessTimeout();

        /** Retry-After (seconds) of a 503 when neither the database nor the deferred path can take an order. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Metrics {
        /** How often the saga.orders gauges are refreshed from the database (read by @Scheduled). */
        @WithDefault("15s")
        Duration refreshInterval();
    }

    interface Saga {
        /** Time an order has to complete before it is cancelled with DEADLINE_PASSED. */
        @WithDefault("5m")
        Duration deadline();

        /** How often the deadline job looks for overdue orders (read by @Scheduled as a property expression). */
        @WithDefault("5s")
        Duration deadlineCheckInterval();

        /** Overdue orders cancelled per deadline-job transaction. */
        @WithDefault("100")
        int deadlineBatchSize();
    }

    interface PriceCache {
        /** How long a price fetched from inventory stays in Redis (key price:<sku>) for a later fallback. */
        @WithDefault("10m")
        Duration ttl();

        /** Upper bound for one Redis write; a slow Redis must not slow down order placement. */
        @WithDefault("500ms")
        Duration writeTimeout();

        /** Upper bound for one Redis read of a cached price (only when inventory cannot answer). */
        @WithDefault("300ms")
        Duration readTimeout();
    }

    interface PriceSource {
        /**
         * The time {@code POST /orders} (and the re-pricing of a deferred order) may spend on prices:
         * every call to inventory carries what is left of it ({@code X-Request-Budget-Ms}, which
         * inventory honours) and is cancelled when it runs out, keeping
         * {@code order.price-cache.read-timeout} for the cache fallback; a request that has spent it
         * answers 503 with nothing ordered. It bounds what the fault-tolerance policy of the calls
         * (timeout per attempt, retries) would otherwise allow.
         */
        @WithDefault("5s")
        Duration budget();

        /** Retry-After (seconds) sent with a 503 when inventory cannot be asked for prices. */
        @WithDefault("5")
        int retryAfterSeconds();
    }
}
