package dev.checkoutsaga.ratelimit;

import java.util.List;
import java.util.Map;

import dev.checkoutsaga.web.Caller;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

/**
 * Rate limits (docs/design.md section 4): a token bucket per caller ({@link RateLimitKey}) and endpoint,
 * shared through Redis, per instance while Redis does not answer. An endpoint calls {@link #admit}
 * first, after authentication (the caller is known) and before any other work, so a refused request
 * writes nothing. Every answer of a limited request carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a refusal is 429 problem+json with
 * {@code Retry-After}. Metric {@code checkout.rate-limit.rejected{endpoint,source}}.
 */
@ApplicationScoped
public class RateLimits {

    @Inject
    RedisTokenBucket buckets;
    @Inject
    RateLimitConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Caller caller;

    /** Takes a token of {@code endpoint} for the current caller, or fails with the 429 {@link ProblemException}. */
    public Uni<Void> admit(String endpoint, RoutingContext request) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        RateLimitConfig.Limit limit = config.endpoints().get(endpoint);
        if (limit == null) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "no limit configured for checkout.rate-limit.endpoints." + endpoint));
        }
        String key = RateLimitKey.of(caller.id(), request);
        return buckets.take(endpoint, key, limit).map(decision -> {
            if (request != null) {
                // on every answer of this request, also errors thrown later (400, 422, 503, ...)
                request.addHeadersEndHandler(v -> request.response().headers()
                        .set("RateLimit-Limit", String.valueOf(decision.limit()))
                        .set("RateLimit-Remaining", String.valueOf(decision.remaining()))
                        .set("RateLimit-Reset", String.valueOf(decision.resetSeconds())));
            }
            if (!decision.allowed()) {
                registry.counter("checkout.rate-limit.rejected", "endpoint", endpoint,
                        "source", decision.shared() ? "redis" : "local").increment();
                throw tooMany(decision);
            }
            return null;
        }).replaceWithVoid();
    }

    private static ProblemException tooMany(RateLimitDecision d) {
        Problem problem = Problem.of(Status.TOO_MANY_REQUESTS, "too many requests in a short time; nothing was done, try again in "
                + d.retryAfterSeconds() + " s", List.of());
        return new ProblemException(problem, Map.of("Retry-After", String.valueOf(d.retryAfterSeconds()),
                "RateLimit-Limit", String.valueOf(d.limit()),
                "RateLimit-Remaining", String.valueOf(d.remaining()),
                "RateLimit-Reset", String.valueOf(d.resetSeconds())));
    }
}
