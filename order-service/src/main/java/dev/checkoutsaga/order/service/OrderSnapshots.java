package dev.checkoutsaga.order.service;

import dev.checkoutsaga.redis.RedisCalls;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.order.persistence.OrderStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The order views, read from PostgreSQL, and their copies in Redis ({@code order:<id>}, JSON,
 * TTL {@code order.degradation.snapshot-ttl}): while the order database cannot answer,
 * {@code GET /orders/{id}} serves the copy marked {@code stale}. A copy is refreshed after every
 * committed change of the order (placing, each saga step, cancel, deadline). Redis is best effort
 * here: a failure or slowness is logged and never fails the caller.
 */
@ApplicationScoped
public class OrderSnapshots {
    private static final Logger LOG = Logger.getLogger(OrderSnapshots.class);

    @Inject
    OrderStore store;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    RedisCalls redisCalls;
    @Inject
    ObjectMapper json;
    @Inject
    OrderConfig config;

    static String key(UUID id) {
        return "order:" + id;
    }

    /**
     * The order as PostgreSQL has it; null item when it does not exist. Inside a transaction it joins
     * that session and shows the transaction's own changes.
     */
    public Uni<OrderView> load(UUID id) {
        return Panache.withSession(() -> store.findById(id).flatMap(order -> order == null ? Uni.createFrom().nullItem()
                : store.lines(id).flatMap(lines -> store.timeline(id)
                        .map(timeline -> OrderView.of(order, lines, timeline)))));
    }

    /** Reads the order again after a committed change and keeps its copy; never fails. */
    public Uni<Void> refresh(UUID id) {
        return load(id).call(view -> view == null ? Uni.createFrom().voidItem() : remember(view))
                .onFailure().invoke(e -> LOG.debugf("copy of order %s not refreshed: %s", id, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** {@link #refresh} of each, one after the other (one reactive session at a time). */
    public Uni<Void> refreshAll(java.util.List<UUID> ids) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UUID id : ids) {
            chain = chain.chain(() -> refresh(id));
        }
        return chain;
    }

    /** Keeps a view read in the transaction that changed the order, after its commit; never fails. */
    public Uni<Void> remember(OrderView view) {
        try {
            return rememberJson(view.id(), json.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            LOG.debugf("copy of order %s not kept: %s", view.id(), e.toString());
            return Uni.createFrom().voidItem();
        }
    }

    /** Keeps a view already serialized (the body of an answer); never fails. */
    public Uni<Void> rememberJson(UUID id, String viewJson) {
        return redisCalls.call(config.degradation().redisTimeout(), () -> redis.value(String.class)
                .setex(key(id), Math.max(1, config.degradation().snapshotTtl().toSeconds()), viewJson))
                .onFailure().invoke(e -> LOG.debugf("copy of order %s not kept: %s", id, e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Drops the copy of an order that will never be written (best effort). */
    public Uni<Void> forget(UUID id) {
        return redisCalls.call(config.degradation().redisTimeout(), () -> redis.key(String.class).del(key(id)))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The last copy, marked stale; empty when there is none or Redis cannot answer either. */
    public Uni<Optional<OrderView>> copyOf(UUID id) {
        return redisCalls.call(config.degradation().redisTimeout(), () -> redis.value(String.class).get(key(id)))
                .map(text -> {
                    if (text == null) {
                        return Optional.<OrderView> empty();
                    }
                    try {
                        return Optional.of(json.readValue(text, OrderView.class).asStale());
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .onFailure().invoke(e -> LOG.debugf("copy of order %s not readable: %s", id, e.toString()))
                .onFailure().recoverWithItem(Optional.empty());
    }
}
