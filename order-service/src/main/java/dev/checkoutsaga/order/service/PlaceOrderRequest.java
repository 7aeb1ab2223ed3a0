package dev.checkoutsaga.order.service;

import dev.checkoutsaga.web.IsoCountry;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /orders}. Field names are a public contract. There is no price field: prices
 * come from inventory-service; and no customer field: the customer is the caller (the bearer token's
 * subject). Every input is bounded (docs/design.md section 8).
 */
public record PlaceOrderRequest(
        @NotNull @Size(min = 1, max = 50) List<@NotNull @Valid Item> items,
        @NotNull @Valid Address shippingAddress,
        @NotBlank @Size(max = 128) String paymentToken) {

    public record Item(
            @NotNull @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may only contain letters, digits, '.', '_' and '-'") String sku,
            @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    public record Address(
            @NotBlank @Size(max = 128) String name,
            @NotBlank @Size(max = 128) String line1,
            @Size(max = 128) String line2,
            @NotBlank @Size(max = 64) String city,
            @NotBlank @Size(max = 16) String postalCode,
            @NotNull @IsoCountry String country) {
    }
}
