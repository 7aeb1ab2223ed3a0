package dev.checkoutsaga.order.client;

import dev.checkoutsaga.events.Money;

/**
 * A unit price and where it came from: inventory (current) or the Redis cache (the last price
 * inventory gave, used while inventory cannot answer).
 */
public record PriceQuote(Money price, boolean fromCache) {

    public static PriceQuote current(Money price) {
        return new PriceQuote(price, false);
    }

    public static PriceQuote cached(Money price) {
        return new PriceQuote(price, true);
    }
}
