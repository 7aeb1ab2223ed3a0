package dev.checkoutsaga.order.client;

import dev.checkoutsaga.redis.RedisCalls;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.order.config.OrderConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps the last price fetched for each SKU in Redis ({@code price:<sku>}, value
 * {@code <amount> <currency>}, TTL {@code order.price-cache.ttl}) for the fallback of
 * {@link PriceSource} when inventory cannot answer. Best effort: a Redis failure or slowness is
 * logged and never fails an order by itself (a read then finds nothing).
 */
@ApplicationScoped
public class PriceCache {
    private static final Logger LOG = Logger.getLogger(PriceCache.class);

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisCalls redisCalls;
    @Inject
    OrderConfig config;

    public static String key(String sku) {
        return "price:" + sku;
    }

    public Uni<Void> remember(String sku, Money price) {
        return redisCalls.call(config.priceCache().writeTimeout(), () -> redis.value(String.class)
                .setex(key(sku), Math.max(1, config.priceCache().ttl().toSeconds()),
                        price.amountMinor() + " " + price.currency()))
                .onFailure().invoke(e -> LOG.warnf("price of %s not cached (order continues): %s", sku, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The cached price of a SKU; empty when none, unreadable, or Redis does not answer in time. */
    public Uni<Optional<Money>> lookup(String sku) {
        return redisCalls.call(config.priceCache().readTimeout(), () -> redis.value(String.class).get(key(sku)))
                .map(PriceCache::parse)
                .onFailure().invoke(e -> LOG.warnf("cached price of %s not readable: %s", sku, e.toString()))
                .onFailure().recoverWithItem(Optional.empty());
    }

    static Optional<Money> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.trim().split(" ");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unexpected cached price '" + value + "'");
        }
        return Optional.of(new Money(Long.parseLong(parts[0]), parts[1]));
    }
}
