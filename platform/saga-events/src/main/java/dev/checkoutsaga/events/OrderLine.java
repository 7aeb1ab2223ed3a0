package dev.checkoutsaga.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of an order: the price is the one inventory quoted when the order was placed. */
@RegisterForReflection
public record OrderLine(String sku, int quantity, Money unitPrice) {
    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
