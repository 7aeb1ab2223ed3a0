package dev.checkoutsaga.order.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.checkoutsaga.events.Money;
import dev.checkoutsaga.events.OrderLine;
import dev.checkoutsaga.order.client.InventoryFailure;
import dev.checkoutsaga.order.client.PriceCache;
import dev.checkoutsaga.order.client.PriceQuote;
import dev.checkoutsaga.order.client.PriceSource;
import dev.checkoutsaga.order.config.OrderConfig;
import dev.checkoutsaga.web.Problem;
import dev.checkoutsaga.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

/**
 * Prices the lines of a request with inventory's current prices. Business rules answered with 422
 * naming the line: a SKU on two lines (rejected rather than merged, so that the client sees exactly
 * which lines it sent twice and no quantity is silently summed past its limit), an unknown SKU, and
 * a currency different from the first line's. Inventory unavailable: the last prices it gave, from
 * the Redis cache ({@link PriceSource}); none cached either: 503 with Retry-After.
 */
@ApplicationScoped
public class OrderPricing {
    private static final Logger LOG = Logger.getLogger(OrderPricing.class);

    @Inject
    PriceSource prices;
    @Inject
    PriceCache cache;
    @Inject
    OrderConfig config;

    /** The priced lines, and whether any price came from the cache because inventory could not answer. */
    public record Priced(List<OrderLine> lines, boolean fromCache) {
    }

    /**
     * Prices the lines within {@code order.price-source.budget} from now: inventory is asked until the
     * budget minus a cache read, the cache answers within the rest, and past the whole budget the
     * lookups are cancelled and the order is refused (503, nothing ordered).
     */
    public Uni<Priced> price(List<PlaceOrderRequest.Item> items) {
        rejectDuplicateSkus(items);
        Duration budget = config.priceSource().budget();
        Instant askUntil = Instant.now().plus(budget).minus(config.priceCache().readTimeout());
        // A cached price is never written back: that would keep an old price alive past its TTL.
        List<Uni<Optional<PriceQuote>>> lookups = items.stream()
                .map(item -> prices.priceOf(item.sku(), askUntil)
                        .call(q -> q.filter(quote -> !quote.fromCache())
                                .map(quote -> cache.remember(item.sku(), quote.price()))
                                .orElse(Uni.createFrom().voidItem())))
                .toList();
        return Uni.join().all(lookups).andFailFast()
                .ifNoItem().after(budget).failWith(() -> new InventoryFailure.BudgetSpent(
                        "no price for every line within the order's budget of " + budget.toMillis() + " ms"))
                .onFailure().transform(this::unavailable)
                .map(found -> new Priced(lines(items, found.stream().map(q -> q.map(PriceQuote::price)).toList()),
                        found.stream().anyMatch(q -> q.isPresent() && q.get().fromCache())));
    }

    private static void rejectDuplicateSkus(List<PlaceOrderRequest.Item> items) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Integer first = firstLine.putIfAbsent(items.get(i).sku(), i);
            if (first != null) {
                errors.add(new Problem.FieldError("items[" + i + "].sku",
                        "duplicate SKU, already ordered in items[" + first + "]: put all units of a SKU on one line"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("an order lists each SKU once", errors);
        }
    }

    private static List<OrderLine> lines(List<PlaceOrderRequest.Item> items, List<Optional<Money>> found) {
        List<Problem.FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (found.get(i).isEmpty()) {
                unknown.add(new Problem.FieldError("items[" + i + "].sku", "unknown SKU " + items.get(i).sku()));
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("unknown SKU", unknown);
        }
        String currency = found.get(0).orElseThrow().currency();
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Money price = found.get(i).orElseThrow();
            if (!price.currency().equals(currency)) {
                throw ProblemException.unprocessable("items[" + i + "].sku", "is priced in "
                        + price.currency() + " but items[0] in " + currency + "; an order has one currency");
            }
            lines.add(new OrderLine(items.get(i).sku(), items.get(i).quantity(), price));
        }
        return lines;
    }

    private Throwable unavailable(Throwable cause) {
        if (cause instanceof ProblemException) {
            return cause;
        }
        LOG.warnf("prices unavailable from inventory and the cache: %s", cause instanceof InventoryFailure ? cause.getMessage() : cause.toString());
        Problem problem = Problem.of(Status.SERVICE_UNAVAILABLE,
                "prices cannot be fetched from inventory right now; nothing was ordered, try again later", List.of());
        return new ProblemException(problem, Map.of("Retry-After", String.valueOf(config.priceSource().retryAfterSeconds())));
    }
}
