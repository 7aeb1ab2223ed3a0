package dev.checkoutsaga.order.client;

import com.fasterxml.jackson.databind.JsonNode;

import dev.checkoutsaga.events.Money;

/**
 * Reads a product's unit price from inventory-service's product JSON. inventory's shape is
 * {@code {"sku":"SKU-1","name":"...","price":1999,"currency":"EUR",...}} (price in minor units).
 * The nested form {@code "price":{"amount":1999,"currency":"EUR"}} is accepted too, so that the
 * money shape order-service itself uses would not break ordering if inventory adopted it.
 */
public final class ProductPrice {

    private ProductPrice() {
    }

    /** @throws IllegalArgumentException when the JSON carries no usable price */
    public static Money of(JsonNode product) {
        JsonNode price = product == null ? null : product.get("price");
        if (price != null && price.isObject()) {
            return money(price.get("amount"), price.get("currency"), product);
        }
        return money(price, product == null ? null : product.get("currency"), product);
    }

    private static Money money(JsonNode amount, JsonNode currency, JsonNode product) {
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() < 0
                || currency == null || !currency.isTextual()) {
            throw new IllegalArgumentException("product has no price in minor units with a currency: " + product);
        }
        return new Money(amount.asLong(), currency.asText());
    }
}
