package dev.checkoutsaga.order.client;

import java.util.Optional;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.checkoutsaga.events.Money;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;

/**
 * Current unit prices from inventory-service. Empty = inventory does not know the SKU (its 404, a
 * business answer, never retried). Any other failure (unreachable, 5xx, too slow, unreadable) fails
 * the Uni after the retries: the caller answers 503.
 *
 * <p>The annotation values are defaults; the effective ones come from configuration
 * ({@code dev.checkoutsaga.order.client.PriceSource/priceOf/Timeout/value} etc., see
 * application.properties). Circuit breaker, bulkhead and the cached-price fallback come with the
 * resilience policy.
 */
@ApplicationScoped
public class PriceSource {

    @Inject
    @RestClient
    InventoryClient inventory;

    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100)
    public Uni<Optional<Money>> priceOf(String sku) {
        return inventory.product(sku)
                .map(ProductPrice::of)
                .map(Optional::of)
                .onFailure(PriceSource::isNotFound).recoverWithItem(Optional.empty());
    }

    private static boolean isNotFound(Throwable t) {
        return t instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() == 404;
    }
}
