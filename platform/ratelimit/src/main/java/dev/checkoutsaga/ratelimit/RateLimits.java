package dev.checkoutsaga.order.api.ratelimit;

import java.util.List;
import java.util.Map;

import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

/**
 * Rate limit of {@code POST /orders} (DESIGN.md section 4): a token bucket per customer (per client
 * IP when anonymous, see {@link RateLimitKey}) shared through Redis, per instance while Redis does
 * not answer. Runs before anything else of the request, so a refused request writes nothing
 * (no order, no price-cache write, no event). Every answer of a limited request carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a refusal is
 * 429 problem+json with {@code Retry-After}.
 */
@ApplicationScoped
public class OrderRateLimiter {

    @Inject
    RedisTokenBucket buckets;
    @Inject
    OrderConfig config;
    @Inject
    MeterRegistry registry;

    /** Takes a token for the request or fails with the 429 {@link ProblemException}. */
    public Uni<Void> admit(String customerIdFromBody, RoutingContext request) {
        if (!config.rateLimit().enabled()) {
            return Uni.createFrom().voidItem();
        }
        String key = RateLimitKey.of(customerIdFromBody, request);
        return buckets.take(key).map(decision -> {
            if (request != null) {
                // on every answer of this request, also errors thrown later (400, 422, 503, ...)
                request.addHeadersEndHandler(v -> request.response().headers()
                        .set("RateLimit-Limit", String.valueOf(decision.limit()))
                        .set("RateLimit-Remaining", String.valueOf(decision.remaining()))
                        .set("RateLimit-Reset", String.valueOf(decision.resetSeconds())));
            }
            if (!decision.allowed()) {
                registry.counter("order.rate-limit.rejected", "source", decision.shared() ? "redis" : "local").increment();
                throw tooMany(decision);
            }
            return null;
        }).replaceWithVoid();
    }

    private static ProblemException tooMany(RateLimitDecision d) {
        Problem problem = Problem.of(Status.TOO_MANY_REQUESTS, "too many orders in a short time; nothing was ordered, try again in "
                + d.retryAfterSeconds() + " s", List.of());
        return new ProblemException(problem, Map.of("Retry-After", String.valueOf(d.retryAfterSeconds()),
                "RateLimit-Limit", String.valueOf(d.limit()),
                "RateLimit-Remaining", String.valueOf(d.remaining()),
                "RateLimit-Reset", String.valueOf(d.resetSeconds())));
    }
}
