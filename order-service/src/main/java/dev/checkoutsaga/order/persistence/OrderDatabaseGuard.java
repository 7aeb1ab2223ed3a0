package dev.checkoutsaga.order.persistence;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.outbox.TransientFailures;
import dev.checkoutsaga.web.ProblemException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

/**
 * Timeout and circuit breaker ({@code order-database}) around the order API's database work
 * (SmallRye Fault Tolerance, programmatic: one breaker for the dependency, shared by every endpoint).
 * A refused connection fails in milliseconds anyway; a database that hangs would cost every request
 * a full timeout and pile requests up on the pool. Once the breaker is open, requests go straight to
 * their degraded answer (deferred write, Redis copy, 503) until a trial call succeeds again.
 * Only "the database could not answer" counts as a failure, never a 4xx of the request itself.
 * Values: {@code order.degradation.database-timeout} and {@code order.degradation.database-breaker.*}.
 */
@ApplicationScoped
public class OrderDatabaseGuard {
    static final String NAME = "order-database";

    @Inject
    OrderConfig config;

    private TypedGuard<Uni<Object>> guard;

    @PostConstruct
    void init() {
        OrderConfig.Degradation d = config.degradation();
        guard = TypedGuard.create(new TypeLiteral<Uni<Object>>() {
        })
                .withDescription(NAME)
                // the work runs on the caller's Vert.x context, as Hibernate Reactive requires
                .withThreadOffload(false)
                .withCircuitBreaker().name(NAME)
                .requestVolumeThreshold(d.databaseBreaker().requestVolumeThreshold())
                .failureRatio(d.databaseBreaker().failureRatio())
                .delay(d.databaseBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(OrderDatabaseGuard::unavailable)
                .done()
                .withTimeout().duration(d.databaseTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    /** Runs {@code work} (which opens its own session or transaction) under the timeout and the breaker. */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        return (Uni<T>) guard.get(() -> (Uni<Object>) work.get());
    }

    /** The database could not answer (refused, lost, timed out, or the breaker is open): not the request's fault. */
    public static boolean unavailable(Throwable failure) {
        return failure instanceof CircuitBreakerOpenException || failure instanceof TimeoutException
                || !(failure instanceof ProblemException) && TransientFailures.isTransient(failure);
    }
}
