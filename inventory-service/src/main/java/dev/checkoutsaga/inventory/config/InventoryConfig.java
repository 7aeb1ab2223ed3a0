package dev.checkoutsaga.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** inventory-service settings (prefix {@code inventory}). */
@ConfigMapping(prefix = "inventory")
public interface InventoryConfig {

    ProductCache productCache();

    interface ProductCache {
        /** How long a GET /products/{sku} answer may be served from Redis; 0 disables the cache. */
        @WithDefault("2s")
        Duration ttl();

        /** Longest wait for Redis before the endpoint goes to the database instead. */
        @WithDefault("250ms")
        Duration timeout();
    }
}
