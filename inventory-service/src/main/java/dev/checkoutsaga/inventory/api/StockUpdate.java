package dev.checkoutsaga.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code PUT /products/{sku}/stock}: the new available stock (a restock or a count correction). */
public record StockUpdate(@NotNull @Min(0) @Max(MAX_STOCK) Integer available) {

    public static final int MAX_STOCK = 1_000_000;
}
