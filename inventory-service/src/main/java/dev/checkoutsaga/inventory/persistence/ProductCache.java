package dev.checkoutsaga.inventory.persistence;

import dev.checkoutsaga.redis.RedisCalls;
import java.util.Collection;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.inventory.config.InventoryConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Short-lived Redis cache of {@code GET /products/{sku}} answers. Best effort by design: every
 * Redis failure or slow answer counts as a miss (read) or is ignored (write, delete), so a Redis
 * outage only costs database reads. Stock changes delete the entry after their commit; the TTL
 * bounds the staleness of the rare read that races a commit.
 */
@ApplicationScoped
public class ProductCache {
    private static final Logger LOG = Logger.getLogger(ProductCache.class);
    private static final String PREFIX = "inventory:product:";

    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisCalls redisCalls;
    @Inject
    InventoryConfig config;
    @Inject
    ObjectMapper json;

    private boolean enabled() {
        return !config.productCache().ttl().isZero();
    }

    /** The cached answer, or null on a miss or any Redis trouble. */
    public Uni<ProductView> get(String sku) {
        if (!enabled()) {
            return Uni.createFrom().nullItem();
        }
        return guarded(() -> redis.value(String.class).get(PREFIX + sku), "read")
                .map(value -> value == null ? null : decode(value));
    }

    public Uni<Void> put(ProductView view) {
        if (!enabled()) {
            return Uni.createFrom().voidItem();
        }
        String value;
        try {
            value = json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().voidItem();
        }
        return guarded(() -> redis.value(String.class).psetex(PREFIX + view.sku(), config.productCache().ttl().toMillis(),
                value), "write").replaceWithVoid();
    }

    public Uni<Void> invalidate(Collection<String> skus) {
        if (!enabled() || skus.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] keys = skus.stream().map(s -> PREFIX + s).toArray(String[]::new);
        return guarded(() -> redis.key(String.class).del(keys), "delete").replaceWithVoid();
    }

    private <T> Uni<T> guarded(java.util.function.Supplier<Uni<? extends T>> command, String what) {
        return redisCalls.<T> call(config.productCache().timeout(), command)
                .onFailure().invoke(e -> LOG.debugf("product cache %s skipped: %s", what, e.toString()))
                .onFailure().recoverWithNull();
    }

    private ProductView decode(String value) {
        try {
            return json.readValue(value, ProductView.class);
        } catch (JsonProcessingException e) {
            return null; // an entry of an older shape: treat as a miss
        }
    }
}
