package dev.checkoutsaga.order.persistence;

import java.util.function.Supplier;

import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.outbox.DatabaseGuard;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Timeout and circuit breaker ({@code order-database}) around the order API's database work
 * (platform/outbox {@link DatabaseGuard}: one breaker for the dependency, shared by every endpoint).
 * Unlike the participants' {@code api-database}, an open breaker here does not end in a 503: the
 * callers go to their degraded answer (deferred write, Redis copy) until a trial call succeeds again.
 * Values: {@code order.degradation.database-timeout} and {@code order.degradation.database-breaker.*}.
 */
@ApplicationScoped
public class OrderDatabaseGuard {
    static final String NAME = "order-database";

    @Inject
    OrderConfig config;

    private DatabaseGuard guard;

    @PostConstruct
    void init() {
        OrderConfig.Degradation d = config.degradation();
        guard = new DatabaseGuard(NAME, d.databaseTimeout(), d.databaseBreaker().requestVolumeThreshold(),
                d.databaseBreaker().failureRatio(), d.databaseBreaker().delay());
    }

    /** Runs {@code work} (which opens its own session or transaction) under the timeout and the breaker. */
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        return guard.call(work);
    }

    /** The database could not answer (refused, lost, timed out, or the breaker is open): not the request's fault. */
    public static boolean unavailable(Throwable failure) {
        return DatabaseGuard.unavailable(failure);
    }
}
