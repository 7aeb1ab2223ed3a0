package dev.checkoutsaga.order.client;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.order.config.OrderConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the last price fetched for each SKU in Redis ({@code price:<sku>}, value
 * {@code <amount> <currency>}, TTL {@code order.price-cache.ttl}) for the fallback of the coming
 * resilience policy. Best effort: a Redis failure or slowness is logged and never fails an order.
 */
@ApplicationScoped
public class PriceCache {
    private static final Logger LOG = Logger.getLogger(PriceCache.class);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    OrderConfig config;

    public static String key(String sku) {
        return "price:" + sku;
    }

    public Uni<Void> remember(String sku, Money price) {
        return Uni.createFrom().deferred(() -> redis.value(String.class)
                .setex(key(sku), Math.max(1, config.priceCache().ttl().toSeconds()),
                        price.amountMinor() + " " + price.currency()))
                .ifNoItem().after(config.priceCache().writeTimeout()).fail()
                .onFailure().invoke(e -> LOG.warnf("price of %s not cached (order continues): %s", sku, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
