package dev.checkoutsaga.redis;

import java.time.Duration;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a service sends a command to Redis. Every command has its caller's timeout, which
 * also cancels the wait for its answer, and passes one circuit breaker ({@value #BREAKER}) for the
 * service's Redis: once enough commands failed or timed out, further ones fail at once with a
 * {@code CircuitBreakerOpenException} and are never sent, so a Redis that hangs costs a few
 * timeouts rather than one per request. After the breaker's delay a probe command goes through
 * and closes it again if Redis answers.
 *
 * <p>What a caller does without Redis stays with the caller (Redis is a cache or a shared counter
 * in this project, never the truth): it recovers from any failure of the returned {@code Uni}.
 *
 * <p>Config keys (MicroProfile Fault Tolerance, defaults in this module's
 * {@code META-INF/microprofile-config.properties}):
 * {@code dev.checkoutsaga.redis.RedisCalls/call/CircuitBreaker/requestVolumeThreshold},
 * {@code .../failureRatio}, {@code .../delay} (ms) and {@code .../successThreshold}.
 */
@ApplicationScoped
public class RedisCalls {
    public static final String BREAKER = "redis";

    /**
     * Sends the command when the returned {@code Uni} is subscribed, unless the breaker is open.
     *
     * @param timeout how long the caller waits for the answer; a timeout counts as a failure
     * @param command creates the command's {@code Uni} (called at most once per subscription, and
     *                not at all while the breaker is open)
     */
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 1)
    @CircuitBreakerName(BREAKER)
    public <T> Uni<T> call(Duration timeout, Supplier<Uni<? extends T>> command) {
        return Uni.createFrom().<T> deferred(command).ifNoItem().after(timeout).fail();
    }
}
