package dev.checkoutsaga.order.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.checkoutsaga.events.Money;

/** The price order-service reads from inventory's product JSON. */
class ProductPriceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsInventorysFlatPriceInMinorUnits() throws Exception {
        assertEquals(new Money(1999, "EUR"), ProductPrice.of(JSON.readTree(
                "{\"sku\":\"SKU-1\",\"name\":\"Mug\",\"price\":1999,\"currency\":\"EUR\",\"available\":3}")));
    }

    @Test
    void readsTheNestedMoneyShapeToo() throws Exception {
        assertEquals(new Money(500, "USD"), ProductPrice.of(JSON.readTree(
                "{\"sku\":\"SKU-1\",\"price\":{\"amount\":500,\"currency\":\"USD\"}}")));
    }

    @Test
    void refusesAFloatingPointOrMissingPrice() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> ProductPrice.of(JSON.readTree("{\"price\":19.99,\"currency\":\"EUR\"}")));
        assertThrows(IllegalArgumentException.class, () -> ProductPrice.of(JSON.readTree("{\"sku\":\"SKU-1\"}")));
    }
}
