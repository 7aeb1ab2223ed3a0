package dev.checkoutsaga.outbox;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import dev.checkoutsaga.web.ProblemException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

/**
 * Timeout and circuit breaker around a REST API's database work (SmallRye Fault Tolerance,
 * programmatic: one breaker for the dependency, shared by every endpoint of the service). A refused
 * connection fails in milliseconds anyway; a database that hangs would cost every request a full
 * timeout and pile requests up on the reactive pool that the saga's consumers and steps share. Once
 * the breaker is open, requests get their degraded answer at once until a trial call succeeds again.
 * Only "the database could not answer" counts as a failure, never a 4xx of the request itself.
 * Metrics: {@code ft_*{method="<name>"}}. The participants use {@link ApiDatabase}; order-service
 * builds its own ({@code order-database}) with its degradation settings.
 */
public final class DatabaseGuard {
    private final TypedGuard<Uni<Object>> guard;

    /**
     * @param name     the breaker's name (metrics label {@code method})
     * @param timeout  bound of one piece of work; beyond it the database counts as down
     * @param volume   calls in the rolling window the failure ratio is computed over
     * @param ratio    share of failed calls in the window that opens the breaker
     * @param openFor  how long the breaker stays open before one trial call
     */
    public DatabaseGuard(String name, Duration timeout, int volume, double ratio, Duration openFor) {
        guard = TypedGuard.create(new TypeLiteral<Uni<Object>>() {
        })
                .withDescription(name)
                // the work runs on the caller's Vert.x context, as Hibernate Reactive requires
                .withThreadOffload(false)
                .withCircuitBreaker().name(name)
                .requestVolumeThreshold(volume)
                .failureRatio(ratio)
                .delay(openFor.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .when(DatabaseGuard::unavailable)
                .done()
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
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
