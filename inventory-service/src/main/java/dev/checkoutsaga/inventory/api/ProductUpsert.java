package dev.checkoutsaga.inventory.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /products/{sku}}: the product's full catalog entry and its available stock. */
public record ProductUpsert(
        @NotNull @Size(min = 1, max = 200) String name,
        /** Minor units (cents); bounded so that order totals cannot overflow. */
        @NotNull @Min(0) @Max(ProductUpsert.MAX_PRICE) Long price,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code (3 uppercase letters)") String currency,
        @NotNull @Min(0) @Max(StockUpdate.MAX_STOCK) Integer available) {

    public static final long MAX_PRICE = 1_000_000_000L;
}
