package dev.checkoutsaga.events;

/** A quantity of one SKU, as reserved, released or sold. */
public record StockLine(String sku, int quantity) {
}
