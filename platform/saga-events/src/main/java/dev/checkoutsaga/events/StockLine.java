package dev.checkoutsaga.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A quantity of one SKU, as reserved, released or sold. */
@RegisterForReflection
public record StockLine(String sku, int quantity) {
}
