package dev.checkoutsaga.order.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

/**
 * Current unit prices from inventory-service, guarded by the resilience policy of docs/design.md
 * section 4. Empty = inventory does not know the SKU (its 404: a business answer, never retried,
 * never counted by the breaker).
 *
 * <p>Policy (outermost first): fallback to the price cached in Redis, retry with exponential
 * backoff + jitter (only {@link InventoryFailure.Transient}: connection errors, 5xx, 429, and
 * timeouts), circuit breaker {@value #BREAKER} (open: fail fast straight to the cache), timeout per
 * attempt, bulkhead (bounded concurrent lookups + queue). Inside all that, each attempt is bounded by
 * what is left of the order's budget ({@code askUntil}), which also travels to inventory as
 * {@code X-Request-Budget-Ms}; a spent budget is not retried and goes to the cache. No price anywhere: the Uni fails with
 * {@link InventoryFailure.NoPrice} and the API answers 503 + Retry-After.
 *
 * <p>The annotation values are defaults; the effective ones come from configuration
 * ({@code dev.checkoutsaga.order.client.PriceSource/priceOf/<Annotation>/<field>}, see
 * application.properties and the README's resilience table).
 */
@ApplicationScoped
public class PriceSource {
    private static final Logger LOG = Logger.getLogger(PriceSource.class);
    /** Circuit breaker name (CircuitBreakerMaintenance, logs). */
    public static final String BREAKER = "inventory-prices";

    @Inject
    @RestClient
    InventoryClient inventory;
    @Inject
    PriceCache cache;

    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10_000,
            retryOn = { InventoryFailure.Transient.class, TimeoutException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, successThreshold = 2,
            skipOn = { InventoryFailure.Rejected.class, InventoryFailure.BudgetSpent.class })
    @CircuitBreakerName(BREAKER)
    @Bulkhead(value = 20, waitingTaskQueue = 50)
    @Fallback(fallbackMethod = "cachedPrice")
    public Uni<Optional<PriceQuote>> priceOf(String sku, Instant askUntil) {
        // each attempt (retries call again) gets what is left of the order's budget, and takes no longer
        long left = Duration.between(Instant.now(), askUntil).toMillis();
        if (left <= 0) {
            return Uni.createFrom().failure(new InventoryFailure.BudgetSpent("the order's budget for prices is spent: "
                    + "inventory not asked for " + sku));
        }
        return inventory.product(sku, left)
                .ifNoItem().after(Duration.ofMillis(left)).failWith(() -> new InventoryFailure.BudgetSpent(
                        "the order's budget for prices ran out while inventory priced " + sku))
                .map(product -> {
                    try {
                        return Optional.of(PriceQuote.current(ProductPrice.of(product)));
                    } catch (IllegalArgumentException e) {
                        throw new InventoryFailure.Rejected("unusable product answer for " + sku, e);
                    }
                })
                .onFailure(PriceSource::isNotFound).recoverWithItem(Optional.empty())
                .onFailure(t -> !(t instanceof InventoryFailure)).transform(t -> classify(sku, t));
    }

    /**
     * Fallback of {@link #priceOf}: inventory could not answer (after retries, breaker open, bulkhead
     * full, or an unusable answer), so the last price it gave, cached in Redis, is used.
     */
    Uni<Optional<PriceQuote>> cachedPrice(String sku, Instant askUntil) {
        return cache.lookup(sku)
                .map(cached -> cached.map(PriceQuote::cached)
                        .orElseThrow(() -> new InventoryFailure.NoPrice("no price for " + sku
                                + ": inventory cannot answer and the cache has none", null)))
                .invoke(q -> LOG.debugf("price of %s served from the cache (inventory unavailable)", sku))
                .map(Optional::of);
    }

    private static InventoryFailure classify(String sku, Throwable t) {
        if (t instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            if (status >= 500 || status == 429) {
                return new InventoryFailure.Transient("inventory answered " + status + " for " + sku, t);
            }
            return new InventoryFailure.Rejected("inventory answered " + status + " for " + sku, t);
        }
        // connection refused/reset, DNS, closed connection, client-side read timeout ...
        return new InventoryFailure.Transient("inventory unreachable for " + sku + ": " + t, t);
    }

    private static boolean isNotFound(Throwable t) {
        return t instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() == 404;
    }
}
